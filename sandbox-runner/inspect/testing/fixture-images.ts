import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import type { ContextFile } from "../../docker/build-context";
import { ignoreStatus } from "../../docker/docker-error";
import { buildTestImage } from "../../testing/build-test-image";

/**
 * Builds small labelled fixture images for the inspect tests with the
 * grader's own BuildKit build, and removes what it made. The build cgroup is
 * part of BuildKit's cache key and is per run, so no step is shared with
 * anyone else's build.
 */
export class FixtureImages {
  readonly runId = `inspect-test-${randomUUID().slice(0, 8)}`;
  private readonly tags: string[] = [];

  constructor(private readonly docker: Docker) {}

  /** Builds `files` (which must include a Dockerfile) and returns the tag. */
  async build(name: string, files: ContextFile[]): Promise<string> {
    const tag = `dockyard-${this.runId}-${name}:latest`;
    this.tags.push(tag);
    let output = "";
    const outcome = await buildTestImage(this.docker, this.runId, tag, files, (text) => {
      output += text;
    });
    if (outcome.kind === "failed") throw new Error(`fixture ${name} failed to build: ${outcome.message}\n${output}`);
    return tag;
  }

  async cleanup(): Promise<void> {
    for (const tag of this.tags.reverse()) await this.remove(tag, true);
  }

  private async remove(ref: string, force: boolean): Promise<void> {
    // 404: already gone with its child; 409: still a parent of another of our images, removed with it.
    await ignoreStatus(this.docker.getImage(ref).remove({ force }), 404, 409);
  }
}
