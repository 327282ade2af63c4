import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { type Exercise, loadExercise } from "../../lib/exercises/load-exercise";
import { type BuildNetwork, BuildNetworkFault } from "../../sandbox-runner/docker/build-network";
import { ignoreNotFound } from "../../sandbox-runner/docker/docker-error";
import { engineClient } from "../../sandbox-runner/docker/engine";
import { PACKAGE_MIRROR_CONTAINER } from "../../sandbox-runner/images/base-images";
import { buildStepReachesMirror, ensurePackageMirror } from "../../sandbox-runner/images/package-mirror";
import { ensureBaseImages } from "../../sandbox-runner/images/seed-base-images";
import { runFirstBuild, submissionBuilder } from "../../sandbox-runner/pipeline/build-phase";

/**
 * A build step that cannot reach the package mirror is the platform's failure, never the learner's (issue 33): the
 * build phase looks at the mirror from a build step's place and throws BuildNetworkFault, which the job waits out
 * (sandbox-runner/engine-comes-back.ts). A step that fails on a connection while the mirror answers stays the
 * learner's finding.
 */
const docker = engineClient();
const RUN = `${process.pid}-${Date.now()}`;
const tags: string[] = [];
let exercise: Exercise;
let network: BuildNetwork;

beforeAll(async () => {
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "../../sandbox-runner/testing/content");
  exercise = await loadExercise("roomy-limits");
  await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
  network = await ensurePackageMirror(docker);
}, 900_000);

afterAll(async () => {
  delete process.env.CONTENT_DIR;
  // The mirror is shared platform infrastructure: it is left running.
  await ensurePackageMirror(docker);
  for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(ignoreNotFound);
});

async function build(label: string, dockerfile: string) {
  const req = { docker, submissionId: `test-mirror-away-${label}-${RUN}`, spec: exercise.spec, network };
  const tag = `dockyard-test/mirror-away-${label}:${RUN}`;
  tags.push(tag);
  const full = { ...req, scope: { learner: `test-mirror-away-${RUN}` }, log: () => {} };
  return runFirstBuild(
    full,
    submissionBuilder(full),
    [{ path: "Dockerfile", content: dockerfile }],
    parseDockerfile(dockerfile),
    tag,
  );
}

describe("a build while the package mirror is away", () => {
  it("is the platform's fault: a build step's look at the mirror says so, and the build phase throws", async () => {
    await docker.getContainer(PACKAGE_MIRROR_CONTAINER).stop({ t: 0 });
    expect(await buildStepReachesMirror(docker, network)).toMatch(/Connection refused/);
    const offline = "pip install --retries 0 --timeout 3 --no-cache-dir starlette";
    const pip = `FROM python:3.11-slim\nRUN echo ${RUN} && ${offline}\n`;
    await expect(build("pip", pip)).rejects.toBeInstanceOf(BuildNetworkFault);
  }, 120_000);

  it("answers builds again once the runner ensures it, and the same build passes", async () => {
    await ensurePackageMirror(docker);
    expect(await buildStepReachesMirror(docker, network)).toBeUndefined();
    const pip = `FROM python:3.11-slim\nRUN echo ${RUN}-back && pip install --no-cache-dir starlette\n`;
    expect((await build("pip-back", pip)).check.status).toBe("pass");
  }, 180_000);

  it("leaves a connection the learner's step made elsewhere to the learner, with the mirror answering", async () => {
    const elsewhere =
      `FROM python:3.11-slim\nRUN echo ${RUN} && python -c "import urllib.request; ` +
      `urllib.request.urlopen('http://127.0.0.1:9/', timeout=3)"\n`;
    const outcome = await build("elsewhere", elsewhere);
    expect(outcome.check).toMatchObject({ status: "fail", location: "Dockerfile:2" });
    expect(outcome.check.evidence).toMatch(/Connection refused/);
  }, 120_000);
});
