import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DockerfileModel, parseDockerfile } from "../../lib/dockerfile/model";
import { type ExerciseChecks, exerciseChecksSchema } from "../../lib/exercises/exercise-schema";
import type { CheckResult } from "../../lib/grading/result-schema";
import { engineClient } from "../docker/engine";
import type { ImageFacts } from "./image-facts";
import { readImage } from "./read-image";
import { IMAGE_CHECKS, runImageChecks } from "./run-image-checks";
import { summariseImage } from "./summarise-image";
import { cleanContext, FAKE, messyContext, onToolBaseContext, toolBaseContext } from "./testing/fixture-dockerfiles";
import { FixtureImages } from "./testing/fixture-images";

const docker = engineClient();
const fixtures = new FixtureImages(docker);

const SERVICE_CHECKS: ExerciseChecks = exerciseChecksSchema.parse({ size: { maxMB: 50 }, run: { port: 8000 } });

interface Built {
  facts: ImageFacts;
  dockerfile: DockerfileModel;
  results: Map<string, CheckResult>;
}

async function inspect(tag: string, source: string, baseImageRef: string, checks = SERVICE_CHECKS): Promise<Built> {
  const dockerfile = parseDockerfile(source);
  const facts = await readImage(docker, tag, { baseImageRef });
  const results = new Map(runImageChecks({ facts, checks, dockerfile }).map((r) => [r.id, r]));
  return { facts, dockerfile, results };
}

let messy: Built;
let clean: Built;
let onToolBase: Built;
let toolBaseTag: string;

beforeAll(async () => {
  await docker.ping();
  const messyFiles = messyContext(fixtures.runId);
  const cleanFiles = cleanContext(fixtures.runId);
  toolBaseTag = await fixtures.build("toolbase", toolBaseContext(fixtures.runId));
  const onToolFiles = onToolBaseContext(fixtures.runId, toolBaseTag);
  const [messyTag, cleanTag, onToolTag] = [
    await fixtures.build("messy", messyFiles),
    await fixtures.build("clean", cleanFiles),
    await fixtures.build("ontool", onToolFiles),
  ];
  messy = await inspect(messyTag, messyFiles[0]!.content, "debian:bookworm-slim");
  clean = await inspect(
    cleanTag,
    cleanFiles[0]!.content,
    "python:3.11-slim",
    exerciseChecksSchema.parse({ size: { maxMB: 500 }, run: { port: 8000 } }),
  );
  onToolBase = await inspect(onToolTag, onToolFiles[0]!.content, toolBaseTag);
}, 240_000);

afterAll(async () => {
  await fixtures.cleanup();
}, 120_000);

const result = (built: Built, id: string) => {
  const found = built.results.get(id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
};

describe("image checks on a tidy service image", () => {
  it("passes every image check", () => {
    const notPassing = [...clean.results.values()]
      .filter((r) => r.status !== "pass")
      .map((r) => `${r.id}: ${r.status}: ${r.message}`);
    // A service is no GPU exercise: the GPU check says so instead of passing.
    expect(notPassing).toEqual([
      "gpu.image-declares-nvidia-env: skipped: This exercise does not run on a GPU, so the NVIDIA variables are not " +
        "graded.",
    ]);
    expect(clean.results.size).toBe(IMAGE_CHECKS.length);
  });

  it("does not take a venv copied from a builder stage for one copied from the context", () => {
    expect(result(clean, "size.dockerignore-effective").status).toBe("pass");
    expect(clean.facts.layers.some((l) => l.files.some((f) => f.path === "opt/venv/lib/native.so"))).toBe(true);
  });

  it("summarises size and layers for the result document, base layers apart from the learner's", () => {
    const summary = summariseImage(clean.facts, clean.dockerfile);
    expect(summary.sizeBytes).toBe(clean.facts.sizeBytes);
    const last = clean.dockerfile.source.split("\n").findIndex((l) => l.startsWith("RUN printf 'scratch'")) + 1;
    expect(summary.layers.at(-1)).toMatchObject({
      createdBy: expect.stringMatching(/^RUN printf 'scratch'/),
      cached: false,
      fromBase: false,
      instruction: expect.stringMatching(/^RUN printf 'scratch'/),
      line: last,
      wastedBytes: 0,
    });
    const base = summary.layers.filter((l) => l.fromBase);
    expect(base.length).toBe(clean.facts.base!.diffIds.length);
    expect(base.every((l) => l.instruction === undefined && l.wastedBytes === undefined)).toBe(true);
    expect(summary.layers.map((l) => l.sizeBytes).reduce((a, b) => a + b, 0)).toBeGreaterThan(100_000_000);
    expect(summariseImage(clean.facts, clean.dockerfile, new Set([last])).layers.at(-1)!.cached).toBe(true);
  });
});

describe("image checks on an image with everything wrong", () => {
  it("fails a root user with no USER at all, from the config", () => {
    const r = result(messy, "security.image-user-not-root");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/no USER/);
  });

  it("fails a missing HEALTHCHECK when the exercise requires one, and skips it when not", () => {
    expect(result(messy, "correctness.image-healthcheck").status).toBe("fail");
    const noRun = runImageChecks({
      facts: messy.facts,
      checks: exerciseChecksSchema.parse({}),
      dockerfile: messy.dockerfile,
    });
    expect(noRun.find((r) => r.id === "correctness.image-healthcheck")?.status).toBe("skipped");
  });

  it("fails a setuid file added by a learner layer and names it", () => {
    const r = result(messy, "security.no-setuid-files");
    expect(r.status).toBe("fail");
    expect(r.message).toContain("/usr/local/bin/helper");
    expect(r.message).not.toContain("/usr/bin/su,");
    expect(r.location).toBe("Dockerfile:10");
  });

  it("reports secrets a later layer deleted, with the layer that added and the one that deleted them", () => {
    const r = result(messy, "security.no-secrets-in-layers");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/\/root\/id_rsa, added by layer \d+: RUN printf/);
    expect(r.message).toMatch(
      new RegExp(
        String.raw`\/app\/\.env, added by layer \d+: COPY \. \/app, .*` +
          String.raw` Layer \d+: RUN rm \/root\/id_rsa \/opt\/blob \/app\/\.env deletes it`,
      ),
    );
    expect(r.message).toContain("the bytes are still inside layer");
    expect(r.message).toMatch(/\/app\/config\.yaml.*AWS access key ID at line 2 \(AKIA…\(20 chars\)\)/);
    expect(r.message).toMatch(/ENV DB_PASSWORD is stored in the image/);
    expect(r.message).toMatch(/ARG HF_TOKEN is stored in the image/);
    const everything =
      JSON.stringify([...messy.results.values()]) + JSON.stringify(messy.facts.layers.map((l) => l.secrets));
    expect(everything).not.toContain(FAKE.awsKey);
    expect(everything).not.toContain(FAKE.hfToken);
    expect(everything).not.toContain("hunter2-hunter2");
  });

  it("fails a .env copied from the context, even though a later layer deletes it", () => {
    const r = result(messy, "security.no-env-file-in-image");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/\/app\/\.env .* is still inside layer/);
    expect(r.fix).toMatch(/\.dockerignore/);
    expect(r.location).toBe("Dockerfile:6");
  });

  it("fails context files a .dockerignore should have excluded", () => {
    const r = result(messy, "size.dockerignore-effective");
    expect(r.status).toBe("fail");
    for (const what of ["Git history", "Python bytecode", "log files", "data sets"]) expect(r.message).toContain(what);
    expect(r.message).toContain("/app/data/model.bin 1.5 MB");
  });

  it("marks the wasted bytes on the layer that carries them, as the check counts them", () => {
    const layers = summariseImage(messy.facts, messy.dockerfile).layers;
    const writer = layers.find((l) => l.instruction?.startsWith("RUN printf"))!;
    expect(writer.line).toBe(7);
    expect(writer.wastedBytes).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(layers.find((l) => l.instruction?.startsWith("RUN rm"))!.wastedBytes).toBe(0);
    expect(result(messy, "size.wasted-bytes").evidence).toContain("/opt/blob");
  });

  it("fails the 20 MB written in one RUN and deleted in the next as waste", () => {
    const r = result(messy, "size.wasted-bytes");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/21 MB added by layer \d+: RUN printf .*, deleted by layer \d+: RUN rm \/root\/id_rsa/);
    expect(r.message).toContain("/opt/blob (21 MB)");
    expect(r.fix).toMatch(/same RUN/);
  });

  it("fails the size budget with the actual size and the biggest layers", () => {
    const r = result(messy, "size.image-budget");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/^The image is \d+(\.\d+)? MB, over the 50 MB budget/);
    expect(r.message).toMatch(/Your biggest layers: layer \d+: RUN printf/);
  });

  it("fails pip, apt-list and .deb caches left in the final image", () => {
    const r = result(messy, "size.no-package-caches");
    expect(r.status).toBe("fail");
    for (const what of ["pip's download cache", "apt's package lists", "downloaded .deb packages"])
      expect(r.message).toContain(what);
  });

  it("fails a compiler installed by a learner layer without blaming the base", () => {
    const r = result(messy, "size.build-tools-not-in-final-image");
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/^Layer \d+: RUN mkdir .* leaves build tools in the final image: gcc, gcc-12/);
    expect(r.message).not.toContain("base image");
  });

  it("fails an image that still starts the base image's default command", () => {
    const r = result(messy, "correctness.cmd-or-entrypoint");
    expect(r.status).toBe("fail");
    expect(r.message).toContain("base image's default (`bash`)");
  });

  it("warns when the service port is not exposed", () => {
    expect(result(messy, "correctness.exposes-service-port").status).toBe("warn");
  });

  it("fails a chmod 777 directory outside /tmp", () => {
    const r = result(messy, "security.no-world-writable-files");
    expect(r.status).toBe("fail");
    expect(r.message).toContain("/app/uploads/");
  });

  it("omits the checks an exercise disables", () => {
    const ids = runImageChecks({
      facts: messy.facts,
      checks: exerciseChecksSchema.parse({ disable: ["size.wasted-bytes", "security.no-setuid-files"] }),
      dockerfile: messy.dockerfile,
    }).map((r) => r.id);
    expect(ids).not.toContain("size.wasted-bytes");
    expect(ids).not.toContain("security.no-setuid-files");
    expect(ids).toContain("security.image-user-not-root");
  });
});

describe("image checks on an image whose base brings compilers", () => {
  it("fails build tools and says the base brings them", () => {
    const r = result(onToolBase, "size.build-tools-not-in-final-image");
    expect(r.status).toBe("fail");
    expect(r.message).toContain(
      `The base image (${toolBaseTag}) itself brings build tools: gcc, /usr/lib/gcc/ (1 files)`,
    );
    expect(r.fix).toMatch(/slim runtime base/);
    expect(r.location).toBe("Dockerfile:1");
  });

  it("does not blame the learner for the base's secrets or .env", () => {
    expect(onToolBase.facts.layers.filter((l) => l.isBase).flatMap((l) => l.secrets)).toEqual([
      expect.objectContaining({ path: "srv/.env", by: "name" }),
    ]);
    expect(result(onToolBase, "security.no-secrets-in-layers").status).toBe("pass");
    expect(result(onToolBase, "security.no-env-file-in-image").status).toBe("pass");
  });

  it("accepts a numeric non-root USER", () => {
    expect(result(onToolBase, "security.image-user-not-root").status).toBe("pass");
  });

  it("fails a CMD inherited from the base", () => {
    expect(result(onToolBase, "correctness.cmd-or-entrypoint").status).toBe("fail");
  });
});
