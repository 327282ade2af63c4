import type Docker from "dockerode";
import { ignoreNotFound, isNotFound } from "../docker/docker-error";
import { PlatformFault } from "../grading/lib";
import { assembleImageFacts, toConfigFacts } from "./assemble-image-facts";
import type { BaseImageFacts, ImageFacts } from "./image-facts";
import { readSaveStream } from "./read-save-stream";
import { inspectSchema } from "./saved-image-schemas";
import { SecretScanner } from "./secret-scanner";

export interface ReadImageOptions {
  /** The external image the final stage starts from; its layers count as base, not learner, layers. */
  baseImageRef?: string;
}

/**
 * Everything the image checks need, from one `docker save` streamed through
 * a tar parser: no file is written to disk and only small candidate files
 * for the secret scan are held in memory, one at a time.
 */
export async function readImage(docker: Docker, imageRef: string, opts: ReadImageOptions = {}): Promise<ImageFacts> {
  const inspected = inspectSchema.parse(await inspectOrThrow(docker, imageRef));
  const base = opts.baseImageRef ? await readBaseImage(docker, opts.baseImageRef) : undefined;

  const scanner = new SecretScanner();
  const stream = (await docker.getImage(inspected.Id).get()) as NodeJS.ReadableStream & { destroy?: () => void };
  try {
    const saved = await readSaveStream(stream, scanner);
    return assembleImageFacts({
      id: inspected.Id,
      sizeBytes: inspected.Size,
      config: inspected.Config,
      saved,
      base,
      secretScanTruncated: scanner.truncated,
    });
  } finally {
    // A parse failure stops reading half-way; the engine must not keep streaming into nothing.
    stream.destroy?.();
  }
}

async function inspectOrThrow(docker: Docker, ref: string): Promise<unknown> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if (isNotFound(err)) {
      const message = `The image ${ref} does not exist on this engine.`;
      throw new PlatformFault("docker", message, { cause: err, details: { ref } });
    }
    throw err;
  }
}

/** A base the engine does not have (or a FROM scratch) leaves every layer to the learner. */
async function readBaseImage(docker: Docker, ref: string): Promise<BaseImageFacts | undefined> {
  const raw = await ignoreNotFound(docker.getImage(ref).inspect());
  const history = raw && ((await ignoreNotFound(docker.getImage(ref).history())) as unknown[] | undefined);
  if (!raw || !history) return undefined;
  const inspected = inspectSchema.parse(raw);
  const config = toConfigFacts(inspected.Config);
  return {
    ref,
    diffIds: inspected.RootFS?.Layers ?? [],
    historyLength: history.length,
    config: { user: config.user, env: config.env, cmd: config.cmd, entrypoint: config.entrypoint },
  };
}
