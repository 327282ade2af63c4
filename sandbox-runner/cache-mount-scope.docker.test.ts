import { randomUUID } from "node:crypto";
import path from "node:path";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile } from "../lib/dockerfile/model";
import { type Exercise, loadExercise } from "../lib/exercises/load-exercise";
import { NO_NETWORK } from "./docker/build-network";
import { cacheMountNamespace } from "./docker/build-scope";
import { ignoreNotFound } from "./docker/docker-error";
import { engineClient } from "./docker/engine";
import { ensureBaseImages } from "./images/seed-base-images";
import { runFirstBuild, submissionBuilder } from "./pipeline/build-phase";
import { submissionImageTag } from "./pipeline/grade-submission";

/**
 * Two learners build with the same cache mount (`/root/.cache/pip`, no id, as most Dockerfiles write it). A plants a
 * secret there; B, building the very same step afterwards, must see none of it, neither through the cache mount nor
 * through BuildKit's layer cache (B's step copies the mount into the image, so a step answered from A's cached layer
 * would carry A's secret). B then writes into the mount under every id that could reach A's (the default, the target
 * spelled as an id, a relative id climbing into A's namespace), and A's next build still finds its own secret and
 * none of B's files: a learner's rebuilds keep their cache, nobody else's. Last, B names A's kept image in
 * COPY --from: BuildKit would read it, so the build phase must refuse it.
 */
const docker = engineClient();
const RUN = `${process.pid}-${Date.now()}`;
const LEARNER_A = `test-cache-a-${RUN}`;
const LEARNER_B = `test-cache-b-${RUN}`;
const SECRET = randomUUID();
const TARGET = "/root/.cache/pip";
const tags: string[] = [];
let exercise: Exercise;

// The same text in A's and B's Dockerfiles, so BuildKit could answer one from the other's cached layer.
const COPY_OUT =
  `FROM debian:bookworm-slim\n` +
  `RUN --mount=type=cache,target=${TARGET} mkdir -p /seen && cp -a ${TARGET}/. /seen/\n`;

beforeAll(async () => {
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "testing/content");
  exercise = await loadExercise("roomy-limits");
  await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
}, 900_000);

afterAll(async () => {
  delete process.env.CONTENT_DIR;
  for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(ignoreNotFound);
});

function request(learner: string, label: string, log: (text: string) => void) {
  const submissionId = `${learner}-${label}`;
  return {
    docker,
    submissionId,
    spec: exercise.spec,
    network: NO_NETWORK,
    scope: { learner },
    log,
  };
}

/** One submission's build through the grader's build phase; the image is tagged as a kept submission image. */
async function build(learner: string, label: string, dockerfile: string) {
  let log = "";
  const req = request(learner, label, (text) => {
    log += text;
  });
  const tag = submissionImageTag(req.submissionId);
  tags.push(tag);
  const first = await runFirstBuild(
    req,
    submissionBuilder(req),
    [{ path: "Dockerfile", content: dockerfile }],
    parseDockerfile(dockerfile),
    tag,
  );
  return { ...first, tag, log: () => log };
}

/** The files of an image's directory, name to content, read from a container that never starts. */
async function filesIn(image: string, dir: string): Promise<Record<string, string>> {
  const container = await docker.createContainer({ Image: image, Cmd: ["true"], NetworkDisabled: true });
  try {
    const archive = await container.getArchive({ path: dir });
    const files: Record<string, string> = {};
    const tar = extract();
    archive.pipe(tar as unknown as NodeJS.WritableStream);
    for await (const entry of tar) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === "file")
        files[path.basename(entry.header.name)] = Buffer.concat(chunks).toString().trim();
    }
    return files;
  } finally {
    await container.remove({ force: true });
  }
}

describe("BuildKit cache mounts", () => {
  it("are private to a learner: B can neither read nor change A's, and A's rebuilds keep theirs", async () => {
    const planted = await build(
      LEARNER_A,
      "1",
      `FROM debian:bookworm-slim\nRUN --mount=type=cache,target=${TARGET} echo ${SECRET} > ${TARGET}/secret\n`,
    );
    expect(planted.check.status, planted.log()).toBe("pass");

    // A's next submission: a new build (its RUN steps run again) that finds A's cache mount as A left it.
    const rebuilt = await build(LEARNER_A, "2", COPY_OUT);
    expect(rebuilt.check.status, rebuilt.log()).toBe("pass");
    expect(await filesIn(rebuilt.tag, "/seen")).toEqual({ secret: SECRET });

    const copied = await build(LEARNER_B, "1", COPY_OUT);
    expect(copied.check.status, copied.log()).toBe("pass");
    expect(await filesIn(copied.tag, "/seen")).toEqual({});

    // A's entry is "<A's namespace>//root/.cache/pip"; B's ids are all put under B's namespace, "../" or not.
    const climb = `../${cacheMountNamespace({ learner: LEARNER_A })}/${TARGET}`;
    const targets = [TARGET, "/m1", "/m2", "/m3"];
    const ids = [undefined, TARGET, `/${TARGET}`, climb];
    const mounts = targets.map((t, i) => `--mount=type=cache,target=${t}${ids[i] ? `,id=${ids[i]}` : ""}`);
    const tries = targets.map((t) => `ls -A ${t}; cat ${t}/* ; echo planted > ${t}/secret; echo B > ${t}/plant`);
    // The same again as a heredoc, the form a rewrite of the Dockerfile's text could most easily miss.
    const heredoc = `cat ${TARGET}/* || true\necho planted > ${TARGET}/secret\necho HEREDOC\n`;
    const intruder = await build(
      LEARNER_B,
      "2",
      `FROM debian:bookworm-slim\nRUN ${mounts.join(" \\\n  ")} \\\n  sh -c '${tries.join("; ")}; echo TRIED'\n` +
        `RUN --mount=type=cache,target=${TARGET} <<EOF\n${heredoc}EOF\n`,
    );
    expect(intruder.check.status, intruder.log()).toBe("pass");
    expect(intruder.log()).toContain("TRIED");
    expect(intruder.log()).toContain("HEREDOC");
    expect(intruder.log()).not.toContain(SECRET);

    const again = await build(LEARNER_A, "3", COPY_OUT);
    expect(again.check.status, again.log()).toBe("pass");
    expect(await filesIn(again.tag, "/seen")).toEqual({ secret: SECRET });
  }, 600_000);

  it("cannot be sidestepped by reading another learner's kept image", async () => {
    // A's second submission, built by the test above, stands for an image kept for A's shell.
    const kept = submissionImageTag(`${LEARNER_A}-2`);
    const stealing = `FROM debian:bookworm-slim\nCOPY --from=${kept} /seen /stolen\n`;
    // The engine would serve it: BuildKit resolves any image it has by name, a kept submission's too.
    const req = request(LEARNER_B, "3", () => {});
    const direct = await submissionBuilder(req).build([{ path: "Dockerfile", content: stealing }], `${kept}-direct`);
    tags.push(`${kept}-direct`);
    expect(direct.kind).toBe("built");
    expect(await filesIn(`${kept}-direct`, "/stolen")).toEqual({ secret: SECRET });

    const refused = await build(LEARNER_B, "4", stealing);
    expect(refused.imageId).toBeUndefined();
    expect(refused.check).toMatchObject({ status: "fail", location: "Dockerfile:2" });
    expect(refused.check.message).toContain(`the image ${kept} is not available on this grader`);
  }, 300_000);
});
