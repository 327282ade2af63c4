import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import type { CheckResult } from "../../lib/grading/result-schema";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import { engineClient } from "../docker/engine";
import { removeImage } from "../docker/remove-image";
import { LABEL_SUBMISSION } from "../owner-labels";
import { CHECK_CATALOGUE } from "../pipeline/catalogue";
import { buildTestImage, probeTestImage } from "../testing/build-test-image";
import { codeChangeReusesDependencies, manifestChangeRebuildsInstall } from "./cache-check-specs";
import { runCacheChecks } from "./run-cache-checks";

// Real BuildKit builds, offline: the "install" reads a requirements file without packages.
const SUBMISSION = "test-cache-checks";
const docker = engineClient();

const APP = [
  { path: "app/main.py", content: "print('serving')\n" },
  { path: "requirements.txt", content: "# no packages: the install step works offline\n" },
];
const INSTALL = "RUN pip install --no-cache-dir -r requirements.txt";
const DOCKERFILES = {
  good:
    `FROM python:3.11-slim\nWORKDIR /srv\nCOPY requirements.txt .\n${INSTALL}\nCOPY ` +
    `. .\nCMD ["python3", "app/main.py"]\n`,
  codeFirst: `FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\n${INSTALL}\nCMD ["python3", "app/main.py"]\n`,
  // Installs a fixed list: nothing ties the step to requirements.txt.
  fixedList:
    `FROM python:3.11-slim\nWORKDIR /srv\nRUN pip install --no-index ` +
    `--no-cache-dir pip\nCOPY . .\nCMD ["python3", "app/main.py"]\n`,
  noInstall: `FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python3", "app/main.py"]\n`,
  // An install that prints as it starts, then takes a while: the manifest rebuild need not wait for it.
  chatty:
    `FROM python:3.11-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN echo installing && sleep 20 && pip install ` +
    `--no-cache-dir -r requirements.txt\nCOPY . .\nRUN echo compiled\nCMD ["python3", "app/main.py"]\n`,
  // The final stage starts from an earlier stage: only its own steps are compared.
  multiStage:
    `FROM python:3.11-slim AS runtime\nRUN echo base > /base.txt\nFROM ` +
    `runtime\nWORKDIR /srv\nCOPY requirements.txt .\n${INSTALL}\nCOPY app ./app\n`,
};
const PARAMS = { mutate: "app/main.py", manifest: "requirements.txt", installMarker: "pip install" };

let counter = 0;
const tags: string[] = [];
type Files = { path: string; content: string }[];
const build = (files: Files, tag: string) => buildTestImage(docker, SUBMISSION, tag, files);
// As the grader's cache phase rebuilds: cancelled once its StopWhen holds.
const rebuild = (files: Files, tag: string, stopWhen: (steps: BuildStepRecord[]) => boolean) =>
  probeTestImage(SUBMISSION, tag, files, stopWhen);

async function grade(dockerfile: string, params: typeof PARAMS = PARAMS) {
  const files = [{ path: "Dockerfile", content: dockerfile }, ...APP];
  const tag = `dockyard-test-cache-${++counter}`;
  tags.push(tag);
  const first = await build(files, tag);
  if (first.kind !== "built") throw new Error(`fixture build failed: ${first.message}`);
  const logs: string[] = [];
  const { checks, rebuilds } = await runCacheChecks({
    docker,
    dockerfile: parseDockerfile(dockerfile),
    files,
    params,
    firstImageId: first.imageId,
    rebuild,
    log: (t) => logs.push(t),
  });
  return {
    checks,
    rebuilds,
    logs,
    firstImageId: first.imageId,
    byId: (id: string) => checks.find((c) => c.id === id)! as CheckResult,
  };
}

async function probeTags(): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: ["dockyard-cache-probe-*"] } });
  return images.flatMap((i) => i.RepoTags ?? []);
}

async function labelled() {
  const filters = { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] };
  return {
    images: await docker.listImages({ all: true, filters }),
    containers: await docker.listContainers({ all: true, filters }),
  };
}

type Graded = Awaited<ReturnType<typeof grade>>;
const graded: Partial<Record<keyof typeof DOCKERFILES, Graded>> = {};

beforeAll(async () => {
  for (const name of ["good", "codeFirst", "fixedList", "noInstall", "multiStage", "chatty"] as const)
    graded[name] = await grade(DOCKERFILES[name]);
}, 300_000);

afterAll(async () => {
  for (const tag of tags) await removeImage(docker, tag);
  for (const image of (await labelled()).images) await removeImage(docker, image.Id);
  const left = await labelled();
  expect(left.images.length + left.containers.length).toBe(0);
});

describe("runCacheChecks against the real engine", () => {
  it("passes every check when requirements are copied and installed before the code", () => {
    const { byId } = graded.good!;
    expect(byId("cache.install-step-found").status).toBe("pass");
    const reuse = byId("cache.code-change-reuses-dependencies");
    expect(reuse.status).toBe("pass");
    expect(reuse.message).toContain(INSTALL);
    // Evidence is BuildKit's own record of each step: the install was CACHED.
    expect(reuse.evidence).toMatch(/^\[4\/5\] RUN pip install.*: CACHED$/m);
    const control = byId("cache.manifest-change-rebuilds-install");
    expect(control.status).toBe("pass");
    expect(control.evidence).toMatch(/^\[3\/5\] COPY requirements\.txt \.: ran \(/m);
    // Ran: to the end, or until it printed and the rest of the rebuild was cancelled (pip may print nothing here).
    expect(control.evidence).toMatch(
      /^\[4\/5\] RUN pip install.*: ran \(([\d.]+ s|then its rebuild was cancelled.*)\)$/m,
    );
  });

  it("logs each result under the check's title, never its id", () => {
    const log = graded.good!.logs.join("");
    expect(log).toContain(`cache: pass: ${codeChangeReusesDependencies.title}\n`);
    expect(log).toContain(`cache: pass: ${manifestChangeRebuildsInstall.title}\n`);
    for (const { id } of CHECK_CATALOGUE) expect(log).not.toContain(id);
  });

  it("fails code-change reuse when the code is copied before the install, naming the first missed step and why", () => {
    const { byId } = graded.codeFirst!;
    const reuse = byId("cache.code-change-reuses-dependencies");
    expect(reuse.status).toBe("fail");
    expect(reuse.location).toBe("Dockerfile:3");
    expect(reuse.message).toContain("step [3/4], `COPY . .` (Dockerfile:3): it brings app/main.py into the image");
    expect(reuse.message).toContain(`including \`${INSTALL}\` at Dockerfile:4, must run again`);
    expect(reuse.evidence).toMatch(/^\[2\/4\] WORKDIR \/srv: CACHED$/m);
    expect(reuse.evidence).toMatch(/^\[4\/4\] RUN pip install.*: ran \(/m);
    expect(reuse.fix).toContain("COPY requirements.txt .");
    // Copying everything still ties the install to requirements.txt, so the control passes.
    expect(byId("cache.manifest-change-rebuilds-install").status).toBe("pass");
  });

  it("describes each rebuild step by step for the report, the first miss explained", () => {
    const [code, manifest] = graded.codeFirst!.rebuilds;
    expect(code).toMatchObject({ mutation: "app/main.py", kind: "code" });
    expect(code!.steps.map((s) => [s.label, s.line, s.outcome])).toEqual([
      ["[2/4]", 2, "reused"],
      ["[3/4]", 3, "ran"],
      ["[4/4]", 4, "ran"],
    ]);
    expect(code!.firstMiss).toMatchObject({ label: "[3/4]", line: 3, instruction: "COPY . ." });
    expect(code!.firstMiss!.explanation).toContain("It copies app/main.py, the file that was edited");
    expect(manifest).toMatchObject({ mutation: "requirements.txt", kind: "manifest" });

    const [good] = graded.good!.rebuilds;
    expect(good!.steps.find((s) => s.instruction === INSTALL)!.outcome).toBe("reused");
    expect(good!.firstMiss).toMatchObject({ label: "[5/5]", line: 5, instruction: "COPY . ." });
  });

  it("fails the negative control when the install step ignores requirements.txt", () => {
    const { byId } = graded.fixedList!;
    expect(byId("cache.code-change-reuses-dependencies").status).toBe("pass");
    const control = byId("cache.manifest-change-rebuilds-install");
    expect(control.status).toBe("fail");
    expect(control.location).toBe("Dockerfile:3");
    expect(control.message).toContain("No COPY before it brings requirements.txt into the image");
    expect(control.message).toContain("BuildKit reported the step CACHED");
    expect(control.evidence).toMatch(/^\[3\/4\] RUN pip install.*: CACHED$/m);
    // A reused install prints nothing, so its rebuild ran to the end: never cancelled on a cache hit.
    expect(graded.fixedList!.logs.join("")).not.toContain("cancelled");
    expect(graded.fixedList!.rebuilds[1]!.steps.map((s) => s.outcome)).not.toContain("stopped");
  });

  it("stops the manifest rebuild once the install prints, which proves it ran again", () => {
    const { byId, rebuilds, logs } = graded.chatty!;
    const control = byId("cache.manifest-change-rebuilds-install");
    expect(control.status).toBe("pass");
    expect(control.evidence).toMatch(/^\[4\/6\] RUN echo installing.*: ran \(then its rebuild was cancelled/m);
    expect(logs.join("")).toContain("cache: the install ran again; the rest of this rebuild was cancelled\n");
    const manifest = rebuilds.find((r) => r.kind === "manifest")!;
    expect(manifest.steps.map((s) => [s.label, s.outcome])).toEqual([
      ["[2/6]", "reused"],
      ["[3/6]", "ran"],
      ["[4/6]", "ran"],
      ["[5/6]", "stopped"],
      ["[6/6]", "stopped"],
    ]);
    // The code rebuild is never cut short: it reused the install and ran what follows.
    expect(byId("cache.code-change-reuses-dependencies").status).toBe("pass");
    expect(rebuilds.find((r) => r.kind === "code")!.steps.at(-1)!.outcome).toBe("ran");
  });

  it("fails install-step-found and skips the comparisons when there is no install step", () => {
    const { byId } = graded.noInstall!;
    expect(byId("cache.install-step-found").status).toBe("fail");
    expect(byId("cache.install-step-found").message).toContain('"pip install"');
    expect(byId("cache.code-change-reuses-dependencies").status).toBe("skipped");
    expect(byId("cache.manifest-change-rebuilds-install").status).toBe("skipped");
  });

  it("says so when the only install step is in an earlier stage, without building anything", async () => {
    const build = `FROM python:3.11-slim AS build\nCOPY requirements.txt .\n${INSTALL}\n`;
    const dockerfile = `${build}FROM python:3.11-slim\nCOPY . /srv\n`;
    const rebuilds: string[] = [];
    const { checks, rebuilds: diagram } = await runCacheChecks({
      docker,
      dockerfile: parseDockerfile(dockerfile),
      files: APP,
      params: PARAMS,
      firstImageId: "sha256:unused",
      rebuild: async (_files, tag) => {
        rebuilds.push(tag);
        return { kind: "failed", message: "not expected", steps: [], timedOut: false };
      },
      log: () => {},
    });
    expect(checks[0]).toMatchObject({ id: "cache.install-step-found", status: "fail", location: "Dockerfile:3" });
    expect(checks[0]!.message).toContain("in an earlier build stage (Dockerfile:3)");
    expect(rebuilds).toEqual([]);
    expect(diagram).toEqual([]);
  });

  it("compares only the final stage when it starts from an earlier stage", () => {
    const { byId } = graded.multiStage!;
    const reuse = byId("cache.code-change-reuses-dependencies");
    expect(reuse.status).toBe("pass");
    expect(reuse.evidence!.split("\n")[0]).toMatch(/^\[stage-1 1\/4\] WORKDIR \/srv: CACHED$/);
    expect(byId("cache.manifest-change-rebuilds-install").status).toBe("pass");
  });

  it("removes its probe builds but keeps the first image", async () => {
    expect(await probeTags()).toEqual([]);
    for (const g of Object.values(graded))
      await expect(docker.getImage(g!.firstImageId).inspect()).resolves.toBeTruthy();
  });
});
