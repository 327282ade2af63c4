import type Docker from "dockerode";
import type { ContextFile } from "../docker/build-context";
import { type BuildOutcome, buildImage } from "../docker/build-image";
import { NO_NETWORK } from "../docker/build-network";

/** A labelled fixture build with the real build path and small, test-sized limits, on no network. */
export function buildTestImage(
  _docker: Docker,
  submissionId: string,
  tag: string,
  files: ContextFile[],
  onOutput: (text: string) => void = () => {},
): Promise<BuildOutcome> {
  return buildImage({
    submissionId,
    tag,
    files,
    memoryBytes: 512 * 1024 * 1024,
    cpus: 1,
    wallSeconds: 120,
    pids: 256,
    diskBytes: 512 * 1024 * 1024,
    network: NO_NETWORK,
    onOutput,
  });
}
