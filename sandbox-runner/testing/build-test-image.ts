import type Docker from "dockerode";
import type { ContextFile } from "../docker/build-context";
import {
  type BuildOptions,
  type BuildOutcome,
  buildImage,
  buildUntil,
  type ProbeOutcome,
  type StopWhen,
} from "../docker/build-image";
import { type BuildNetwork, NO_NETWORK } from "../docker/build-network";

/** A labelled fixture build with the real build path and small, test-sized limits, on no network. */
export function buildTestImage(
  _docker: Docker,
  submissionId: string,
  tag: string,
  files: ContextFile[],
  onOutput: (text: string) => void = () => {},
): Promise<BuildOutcome> {
  return buildImage(testBuildOptions(submissionId, tag, files, onOutput));
}

/** buildTestImage for a rebuild that may be cancelled early, as the cache phase's are (build-image.ts, StopWhen). */
export function probeTestImage(
  submissionId: string,
  tag: string,
  files: ContextFile[],
  stopWhen: StopWhen,
): Promise<ProbeOutcome> {
  return buildUntil(
    testBuildOptions(submissionId, tag, files, () => {}),
    stopWhen,
  );
}

function testBuildOptions(
  submissionId: string,
  tag: string,
  files: ContextFile[],
  onOutput: (text: string) => void,
): BuildOptions {
  return {
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
  };
}

/**
 * A fixture build that installs from the package mirror, with the grader's build path and limits fit for a
 * scikit-learn install; the build log comes back whether or not it built.
 */
export async function buildOnMirror(
  submissionId: string,
  tag: string,
  files: ContextFile[],
  network: BuildNetwork,
): Promise<{ ok: boolean; output: string }> {
  let output = "";
  const outcome = await buildImage({
    submissionId,
    tag,
    files,
    memoryBytes: 2 * 1024 * 1024 * 1024,
    cpus: 1,
    wallSeconds: 240,
    pids: 512,
    diskBytes: 2 * 1024 * 1024 * 1024,
    network,
    onOutput: (text) => {
      output += text;
    },
  });
  if (outcome.kind === "failed") output += `${outcome.message}\n`;
  return { ok: outcome.kind === "built", output };
}
