import type Docker from "dockerode";
import { randomUUID } from "node:crypto";
import { createBuildContext, type ContextFile } from "../../docker/build-context";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../../limits";

interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Builds small labelled fixture images for the inspect tests and removes
 * everything it made, including the untagged images of builder stages. Builds
 * use no cache so no step is shared with (and later deleted from) anyone else.
 */
export class FixtureImages {
  readonly runId = `inspect-test-${randomUUID().slice(0, 8)}`;
  private readonly tags: string[] = [];
  private readonly stepImages = new Set<string>();

  constructor(private readonly docker: Docker) {}

  /** Builds `files` (which must include a Dockerfile) and returns the tag. */
  async build(name: string, files: ContextFile[]): Promise<string> {
    const tag = `dockyard-${this.runId}-${name}:latest`;
    this.tags.push(tag);
    const stream = (await this.docker.buildImage(createBuildContext(files), {
      t: tag,
      version: "1",
      networkmode: "none",
      nocache: true,
      rm: true,
      forcerm: true,
      pull: false,
      labels: { [LABEL_SUBMISSION]: this.runId, [LABEL_MANAGED]: "true" },
    } as Docker.ImageBuildOptions)) as NodeJS.ReadableStream;
    const output: string[] = [];
    const messages = await new Promise<BuildMessage[]>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err: Error | null, res: BuildMessage[]) => (err ? reject(err) : resolve(res)));
    });
    for (const message of messages) {
      if (message.stream) output.push(message.stream);
      if (message.error) throw new Error(`fixture ${name} failed to build: ${message.errorDetail?.message ?? message.error}\n${output.join("")}`);
    }
    // Every step's image, so builder stages (untagged, unlabelled) can be removed too.
    for (const match of output.join("").matchAll(/---> ([0-9a-f]{12})\b/g)) this.stepImages.add(match[1]!);
    return tag;
  }

  async cleanup(): Promise<void> {
    for (const tag of this.tags.reverse()) await this.remove(tag, true);
    // Newest first: removing a child first lets the engine prune its untagged parents with it.
    for (const id of [...this.stepImages].reverse()) {
      const info = await this.docker.getImage(id).inspect().catch(() => undefined);
      // The FROM step prints the base image's id: never touch a tagged image that is not ours.
      if (!info || (info.RepoTags ?? []).some((t) => !t.startsWith("dockyard-inspect-test-") && t !== "<none>:<none>")) continue;
      await this.remove(id, false);
    }
  }

  private async remove(ref: string, force: boolean): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ force });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      // 404: already gone with its child; 409: still a parent of another of our images, removed with it.
      if (status !== 404 && status !== 409) throw err;
    }
  }
}
