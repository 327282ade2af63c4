import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "../../lib/exercises/exercise-schema";
import { loadExercise, loadSolution } from "../../lib/exercises/load-exercise";
import type { ComposeRunOptions } from "../../lib/grading/compose/compose-run-options";
import type { CheckResult, ResultDocument } from "../../lib/grading/result-schema";
import { gradeFiles } from "../cli/grade-command";
import { engineClient } from "../docker/engine";
import { removeImage } from "../docker/remove-image";
import { RUN_LIMITS } from "../limits";
import { LABEL_SUBMISSION } from "../owner-labels";
import { buildTestImage } from "../testing/build-test-image";
import type { HostLoad } from "./host-busy";
import { runJobChecks } from "./run-job-checks";

const SUBMISSION = "test-run-job-checks";
const TAG = "dockyard-test-run-job";
const docker = engineClient();

// One image whose behaviour each test picks with its command: write to the volume, write nothing, or hang.
const JOB = `import os, sys, time
mode = sys.argv[1]
if mode == "write":
    with open("/out/result.txt", "w") as f:
        f.write("done")
    print("wrote /out/result.txt", flush=True)
elif mode == "shm":
    # Fills /dev/shm as data-loading workers do, then reads its input and writes its result.
    with open("/dev/shm/batches", "wb") as f:
        f.write(b"x" * int(sys.argv[2]) * 1024 * 1024)
    print("input:", open("/in/sub/data.txt").read(), flush=True)
    with open("/out/result.txt", "w") as f:
        f.write("done")
    print("wrote /out/result.txt", flush=True)
elif mode == "slow":
    time.sleep(float(sys.argv[2]))
    print("done after a slow start", flush=True)
elif mode == "hang":
    time.sleep(600)
else:
    print("nothing to do", flush=True)
`;
const DOCKERFILE = `FROM python:3.11-slim
RUN useradd --uid 10001 job && mkdir /out && chown job /out
COPY job.py /srv/job.py
USER job
VOLUME ["/out"]
CMD ["python", "/srv/job.py", "write"]
`;

let image = "";
let tags = 0;

// The grading machine's load is the test's to set: a real busy spell would make the verdicts depend on the CI host.
const CALM: HostLoad = { busy: false, detail: "calm test machine" };
const BUSY: HostLoad = { busy: true, detail: "tasks waited for a CPU 90 % of the last 10 s" };

async function job(cmd: string[], run: object, compose?: ComposeRunOptions, load: HostLoad = CALM) {
  const logs: string[] = [];
  // A job run as a Compose service names a service the exercise lists.
  const service = (run as { composeService?: string }).composeService;
  const listed = service ? { compose: { services: { [service]: {} } } } : {};
  const params = exerciseChecksSchema.parse({ run: { kind: "job", ...run }, ...listed }).run!;
  // The command is the test's variable: a container config override, as `docker run image <cmd>` would give.
  const tagged = `${TAG}-${++tags}`;
  const built = await buildTestImage(docker, SUBMISSION, tagged, [
    { path: "Dockerfile", content: `FROM ${image}\nCMD ${JSON.stringify(cmd)}\n` },
  ]);
  if (built.kind !== "built") throw new Error(built.message);
  try {
    const checks = await runJobChecks({
      docker,
      image: built.imageId,
      submissionId: SUBMISSION,
      params,
      limits: { ...RUN_LIMITS, wallSeconds: 20 },
      log: (t) => logs.push(t),
      compose,
      hostLoad: async () => load,
    });
    return { checks, log: logs.join(""), byId: (id: string) => checks.find((c) => c.id === id) as CheckResult };
  } finally {
    await removeImage(docker, tagged);
  }
}

async function leftovers() {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] } });
}

beforeAll(async () => {
  const built = await buildTestImage(docker, SUBMISSION, TAG, [
    { path: "Dockerfile", content: DOCKERFILE },
    { path: "job.py", content: JOB },
  ]);
  if (built.kind !== "built") throw new Error(`the fixture did not build: ${built.message}`);
  image = TAG;
}, 300_000);

afterAll(async () => {
  for (const c of await leftovers()) await docker.getContainer(c.Id).remove({ force: true });
  await removeImage(docker, TAG);
  expect(await leftovers()).toEqual([]);
});

describe("runJobChecks against the real engine", () => {
  it("passes a job that exits 0, prints its result and writes into its volume", async () => {
    const { checks, byId, log } = await job(["python", "/srv/job.py", "write"], {
      outputIncludes: "wrote /out/",
      writes: "/out",
    });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ["correctness.job-completes", "pass"],
      ["correctness.job-output", "pass"],
      ["correctness.job-writes-output", "pass"],
    ]);
    expect(byId("correctness.job-writes-output").evidence).toContain("/out/result.txt (4 bytes)");
    expect(log).toContain("wrote /out/result.txt");
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it("fails a job that writes nothing and prints something else", async () => {
    const { byId } = await job(["python", "/srv/job.py", "idle"], { outputIncludes: "wrote", writes: "/out" });
    expect(byId("correctness.job-completes").status).toBe("pass");
    expect(byId("correctness.job-output").status).toBe("fail");
    expect(byId("correctness.job-output").evidence).toContain("nothing to do");
    expect(byId("correctness.job-writes-output").message).toContain("/out is empty");
  }, 120_000);

  it("gives a job that runs late on a busy machine the deadline once more, and stops it on a calm one", async () => {
    const slow = ["python", "/srv/job.py", "slow", "3"];
    const busy = (await job(slow, { deadlineSeconds: 2 }, undefined, BUSY)).byId("correctness.job-completes");
    expect(busy.status).toBe("pass");
    expect(busy.message).toContain("passed while the grading machine was busy (tasks waited for a CPU 90 %");
    const calm = (await job(slow, { deadlineSeconds: 2 })).byId("correctness.job-completes");
    expect(calm.status).toBe("fail");
    expect(calm.message).toContain("still running after 2 s");
    expect(calm.message).not.toContain("busy");
  }, 120_000);

  it("stops a job that runs past its deadline, and fails a missing script with python's own words", async () => {
    const hung = await job(["python", "/srv/job.py", "hang"], { deadlineSeconds: 2, writes: "/out" });
    expect(hung.byId("correctness.job-completes").message).toContain("still running after 2 s");
    expect(hung.byId("correctness.job-writes-output").status).toBe("skipped");
    const missing = await job(["python", "/srv/jbo.py"], {});
    expect(missing.byId("correctness.job-completes").message).toContain("exited with code 2");
    expect(missing.byId("correctness.job-completes").evidence).toContain("can't open file '/srv/jbo.py'");
    expect(await leftovers()).toEqual([]);
  }, 120_000);
});

describe("a job run as a Compose service", () => {
  const compose = (shmBytes?: number): ComposeRunOptions => ({
    shmBytes,
    mounts: [
      { target: "/in", from: "./input", files: [{ path: "sub/data.txt", content: "rows" }] },
      { target: "/out", files: [] },
    ],
    notes: ["shm and two mounts"],
  });
  const run = { outputIncludes: "wrote /out/", writes: "/out", composeService: "train" };
  const MB = 1024 * 1024;

  it("gets the service's shared memory, its input folder's files and a volume for what it writes", async () => {
    const { byId, log } = await job(["python", "/srv/job.py", "shm", "100"], run, compose(128 * MB));
    expect(byId("correctness.job-completes").status).toBe("pass");
    expect(log).toContain("input: rows");
    expect(log).toContain("as the Compose service train: shm and two mounts");
    expect(byId("correctness.job-writes-output").evidence).toContain("/out/result.txt (4 bytes)");
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it("fails the same job without shm_size: Docker's 64 MB of /dev/shm is too small", async () => {
    const { byId } = await job(["python", "/srv/job.py", "shm", "100"], run, compose(undefined));
    expect(byId("correctness.job-completes").status).toBe("fail");
    expect(byId("correctness.job-completes").evidence).toContain("No space left on device");
  }, 120_000);
});

describe("first-image graded with the false-pass Dockerfile of issue 22", () => {
  let result: ResultDocument;
  beforeAll(async () => {
    const exercise = await loadExercise("first-image");
    const files = (await loadSolution(exercise)).map((f) =>
      f.path === "Dockerfile" ? { ...f, content: f.content.replace("app/main.py", "app/mian.py") } : f,
    );
    result = await gradeFiles(exercise, files, { err: () => {} });
  }, 300_000);

  it("fails, with the missing script found in the image at the CMD's line and the file that exists named", () => {
    expect(result.status).toBe("failed");
    const start = result.checks.find((c) => c.id === "correctness.start-command-exists")!;
    expect(start.status).toBe("fail");
    expect(start.location).toBe("Dockerfile:5");
    expect(start.message).toContain("there is no /srv/app/mian.py");
    expect(start.fix).toContain("`app/main.py`");
  });

  it("runs the image: the job exits with python's error instead of printing a prediction", () => {
    expect(result.phases.map((p) => p.name)).toContain("run");
    const completes = result.checks.find((c) => c.id === "correctness.job-completes")!;
    expect(completes.status).toBe("fail");
    expect(completes.evidence).toContain("can't open file '/srv/app/mian.py'");
    expect(result.checks.find((c) => c.id === "correctness.job-output")?.status).toBe("skipped");
  });
});
