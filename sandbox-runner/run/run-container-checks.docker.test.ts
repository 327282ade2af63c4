import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExerciseChecks } from "../../lib/exercises/exercise-schema";
import type { CheckResult } from "../../lib/grading/result-schema";
import { engineClient } from "../docker/engine";
import { removeImage } from "../docker/remove-image";
import { RUN_LIMITS } from "../limits";
import { LABEL_SUBMISSION } from "../owner-labels";
import { buildTestImage } from "../testing/build-test-image";
import { createContainerProber } from "./container-prober";
import { createRunContainer, startContainer } from "./create-run-container";
import type { HostLoad } from "./host-busy";
import { RUN_CHECKS, runChecksFor, runContainerChecks } from "./run-container-checks";

const SUBMISSION = "test-run-checks";
const docker = engineClient();

// One stdlib server whose behaviour the fixtures vary with ENV, so they share layers.
const APP = `import json, os, signal, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
PORT = int(os.environ.get("PORT", "8000"))
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        else:
            self.reply(404, {"error": "not found"})
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = json.loads(self.rfile.read(length) or b"{}")
        self.reply(200, {"prediction": sum(data.get("x", []))})
    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
if os.environ.get("HANDLE_SIGTERM", "1") == "1":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
if os.environ.get("WRITE_AT_START"):
    with open(os.environ["WRITE_AT_START"], "w") as f:
        f.write("cache")
time.sleep(float(os.environ.get("START_DELAY", "0")))
for i in range(int(os.environ.get("CHATTY", "0"))):
    print("warming up step %d of a long start-up" % i)
print("listening on", PORT, flush=True)
ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
`;

const PERL_SERVER = `$| = 1;
use IO::Socket::INET;
$SIG{TERM} = sub { exit 0 };
my $server = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8000, Listen => 5, ReuseAddr => 1) or die "listen: $!";
print "listening on 8000\\n";
while (my $client = $server->accept) {
  while (my $line = <$client>) { last if $line =~ /^\\r?\\n$/; }
  print $client "HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\nok";
  close $client;
}
`;

const HEALTHCHECK = (path: string, interval: string) =>
  `HEALTHCHECK --interval=${interval} --timeout=2s --retries=2 CMD ` +
  `["python3", "-c", "import urllib.request; ` +
  `urllib.request.urlopen('http://127.0.0.1:8000${path}', timeout=2)"]`;
const PY = "FROM python:3.11-slim\nCOPY app.py /app/app.py\n";
const EXEC_CMD = 'CMD ["python3", "/app/app.py"]';

const FIXTURES: Record<string, { dockerfile: string; files?: { path: string; content: string }[] }> = {
  good: { dockerfile: `${PY}USER 1000\n${HEALTHCHECK("/health", "1s")}\n${EXEC_CMD}\n` },
  // Root, shell-form CMD (sh stays PID 1 and ignores SIGTERM), no HEALTHCHECK.
  rootShell: { dockerfile: `${PY}CMD python3 /app/app.py; echo stopped\n` },
  // Exec form but no SIGTERM handler: python as PID 1 ignores SIGTERM; the HEALTHCHECK tests a missing route.
  unhealthy: { dockerfile: `${PY}ENV HANDLE_SIGTERM=0\nUSER 1000\n${HEALTHCHECK("/missing", "1s")}\n${EXEC_CMD}\n` },
  crash: {
    dockerfile: `${PY}USER 1000\nCMD ["python3", "-c", "import os; raise RuntimeError('MODEL_PATH is not set')"]\n`,
  },
  missingCommand: { dockerfile: `${PY}CMD ["uvicorn", "app:app"]\n` },
  // Listens on 9000 instead of 8000, prints a lot, and checks health only every 60 s.
  wrongPort: {
    dockerfile: `${PY}ENV PORT=9000 CHATTY=3000\nUSER 1000\n${HEALTHCHECK("/health", "60s")}\n${EXEC_CMD}\n`,
  },
  writer: { dockerfile: `${PY}ENV WRITE_AT_START=/app/cache.txt\n${EXEC_CMD}\n` },
  // Listens only 5.5 s after start, as a starved app on a busy machine does.
  slowStart: { dockerfile: `${PY}ENV START_DELAY=5.5\nUSER 1000\n${EXEC_CMD}\n` },
  noPython: {
    dockerfile: 'FROM debian:bookworm-slim\nCOPY server.pl /srv/server.pl\nUSER 1000\nCMD ["perl", "/srv/server.pl"]\n',
    files: [{ path: "server.pl", content: PERL_SERVER }],
  },
};

type RunParams = NonNullable<ExerciseChecks["run"]>;
const PARAMS: RunParams = {
  kind: "service",
  port: 8000,
  health: { path: "/health", deadlineSeconds: 10 },
  probes: [
    {
      name: "predict",
      path: "/predict",
      method: "POST",
      body: { x: [1, 2] },
      expectStatus: 200,
      expectBodyIncludes: "prediction",
    },
  ],
  stopSeconds: 3,
  readOnlyRootfs: false,
  requireHealthcheck: true,
  exitCode: 0,
  deadlineSeconds: 30,
};

const images: Record<string, string> = {};

// The grading machine's load is the test's to set: a real busy spell would make the verdicts depend on the CI host.
const CALM: HostLoad = { busy: false, detail: "calm test machine" };
const BUSY: HostLoad = { busy: true, detail: "tasks waited for a CPU 90 % of the last 10 s" };

async function run(
  fixture: string,
  params: Partial<RunParams> = {},
  limits: Partial<typeof RUN_LIMITS> = {},
  load: HostLoad = CALM,
) {
  const logs: string[] = [];
  const started = Date.now();
  const checks = await runContainerChecks({
    docker,
    image: images[fixture]!,
    submissionId: SUBMISSION,
    params: { ...PARAMS, ...params },
    limits: { ...RUN_LIMITS, ...limits },
    log: (t) => logs.push(t),
    hostLoad: async () => load,
  });
  return {
    checks,
    ms: Date.now() - started,
    log: logs.join(""),
    byId: (id: string) => checks.find((c) => c.id === id) as CheckResult,
  };
}

async function leftovers() {
  const filters = { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] };
  return docker.listContainers({ all: true, filters });
}

beforeAll(async () => {
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    const files = [
      { path: "Dockerfile", content: fixture.dockerfile },
      ...(fixture.files ?? [{ path: "app.py", content: APP }]),
    ];
    const outcome = await buildTestImage(docker, SUBMISSION, `dockyard-test-run-${name.toLowerCase()}`, files);
    if (outcome.kind !== "built") throw new Error(`fixture ${name} did not build: ${outcome.message}`);
    images[name] = outcome.imageId;
  }
}, 300_000);

afterAll(async () => {
  for (const c of await leftovers()) await docker.getContainer(c.Id).remove({ force: true });
  for (const name of Object.keys(FIXTURES)) await removeImage(docker, `dockyard-test-run-${name.toLowerCase()}`);
  const filters = { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] };
  expect((await docker.listImages({ all: true, filters })).length + (await leftovers()).length).toBe(0);
});

describe("runContainerChecks against the real engine", () => {
  it("passes every check for a well-behaved service, even with a read-only root file system", async () => {
    const { checks, byId, log } = await run("good", { readOnlyRootfs: true });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ["correctness.container-starts", "pass"],
      ["correctness.health-endpoint", "pass"],
      ["correctness.endpoint-predict", "pass"],
      ["security.runs-as-non-root", "pass"],
      ["correctness.healthcheck-turns-healthy", "pass"],
      ["security.read-only-rootfs-ok", "pass"],
      ["correctness.graceful-stop", "pass"],
    ]);
    expect(byId("correctness.health-endpoint").evidence).toMatch(/→ 200 after \d+ ms/);
    expect(byId("correctness.endpoint-predict").evidence).toContain('"prediction": 3');
    expect(byId("security.runs-as-non-root").message).toContain("uid 1000");
    expect(byId("correctness.graceful-stop").evidence).toMatch(/docker stop -t 3: \d+ ms, exit code 0/);
    // The container's own output reaches the log.
    expect(log).toContain("listening on 8000");
    // Results are logged by title: check ids are the grader's own, never shown to the learner.
    expect(log).toContain(`run: pass: ${byId("correctness.container-starts").title}\n`);
    for (const { id } of checks) expect(log).not.toContain(id);
    expect(await leftovers()).toEqual([]);
  });

  it(
    "fails non-root, graceful stop and probes for a root, shell-form image, " + "and skips a missing HEALTHCHECK",
    async () => {
      const { byId } = await run("rootShell", {
        probes: [
          { name: "missing-route", path: "/nope", method: "GET", expectStatus: 200 },
          { name: "wrong-body", path: "/health", method: "GET", expectStatus: 200, expectBodyIncludes: "prediction" },
        ],
      });
      expect(byId("correctness.container-starts").status).toBe("pass");
      const root = byId("security.runs-as-non-root");
      expect(root.status).toBe("fail");
      expect(root.message).toContain("runs as root (effective uid 0). The image sets no USER");
      const stop = byId("correctness.graceful-stop");
      expect(stop.status).toBe("fail");
      expect(stop.message).toContain("waited the full 3 s");
      expect(stop.message).toContain("/bin/sh -c is PID 1");
      expect(stop.evidence).toContain("exit code 137 (137 = killed by SIGKILL)");
      expect(byId("correctness.endpoint-missing-route").status).toBe("fail");
      expect(byId("correctness.endpoint-missing-route").message).toBe("GET /nope answered 404; expected 200.");
      expect(byId("correctness.endpoint-wrong-body").status).toBe("fail");
      expect(byId("correctness.endpoint-wrong-body").message).toContain('does not contain "prediction"');
      expect(byId("correctness.healthcheck-turns-healthy").status).toBe("skipped");
    },
  );

  it("fails an unhealthy HEALTHCHECK with its output, and a PID 1 without a SIGTERM handler", async () => {
    const { byId } = await run("unhealthy", { probes: [] });
    expect(byId("correctness.health-endpoint").status).toBe("pass");
    const hc = byId("correctness.healthcheck-turns-healthy");
    expect(hc.status).toBe("fail");
    expect(hc.message).toContain("HTTP Error 404");
    const stop = byId("correctness.graceful-stop");
    expect(stop.status).toBe("fail");
    expect(stop.message).toContain("PID 1 is `python3 /app/app.py`");
    expect(stop.fix).toContain("signal.SIGTERM");
  });

  it("fails container-starts with the exit code, the traceback and a hint, and skips what depends on it", async () => {
    const { byId, checks } = await run("crash");
    const starts = byId("correctness.container-starts");
    expect(starts.status).toBe("fail");
    expect(starts.message).toMatch(
      /^The container exited with code 1 after [\d.]+ m?s: Python stopped with an uncaught exception/,
    );
    expect(starts.evidence).toContain("RuntimeError: MODEL_PATH is not set");
    expect(starts.fix).toContain("traceback");
    for (const c of checks.filter((c) => c.id !== "correctness.container-starts")) {
      expect(c.status, c.id).toBe("skipped");
      expect(c.message).toContain("the container exited before it could be probed");
    }
  });

  it("fails container-starts when the engine cannot even start the command", async () => {
    const { byId } = await run("missingCommand");
    const starts = byId("correctness.container-starts");
    expect(starts.status).toBe("fail");
    expect(starts.message).toContain("Docker could not start the container's command");
    expect(starts.message).toContain('"uvicorn": executable file not found');
    expect(starts.fix).toContain("installed and on PATH");
    expect(byId("correctness.health-endpoint").status).toBe("skipped");
  });

  it(
    "fails health when nothing listens on the port, warns on a too-long " + "HEALTHCHECK interval, and caps the output",
    async () => {
      const { byId, log } = await run(
        "wrongPort",
        { health: { path: "/health", deadlineSeconds: 3 }, probes: [] },
        { outputBytes: 4096 },
      );
      expect(byId("correctness.container-starts").status).toBe("pass");
      const health = byId("correctness.health-endpoint");
      expect(health.status).toBe("fail");
      expect(health.message).toContain("Nothing is listening on port 8000");
      expect(health.evidence).toContain("connection refused");
      const hc = byId("correctness.healthcheck-turns-healthy");
      expect(hc.status).toBe("warn");
      expect(hc.message).toContain("interval of 60 s");
      expect(log.split("[output truncated]").length).toBe(2);
      expect(log.indexOf("[output truncated]")).toBeLessThan(4096 + 200);
    },
  );

  it("gives a service that starts late on a busy machine its deadline once more; fails it on a calm one", async () => {
    const params = { health: { path: "/health", deadlineSeconds: 4 }, probes: [] };
    const busy = await run("slowStart", params, {}, BUSY);
    const answered = busy.byId("correctness.health-endpoint");
    expect(answered.status).toBe("pass");
    expect(answered.message).toContain("passed while the grading machine was busy (tasks waited for a CPU 90 %");
    const calm = (await run("slowStart", params)).byId("correctness.health-endpoint");
    expect(calm.status).toBe("fail");
    expect(calm.message).toContain("within 4 s");
    expect(calm.message).not.toContain("busy");
  });

  it("fails read-only-rootfs-ok with the write that failed", async () => {
    const { byId } = await run("writer", { readOnlyRootfs: true });
    const ro = byId("security.read-only-rootfs-ok");
    expect(ro.status).toBe("fail");
    expect(ro.message).toContain("Read-only file system: '/app/cache.txt'");
    expect(byId("correctness.container-starts").message).toContain("read-only root file system");
  });

  it("probes an image without python3 from a sidecar sharing its network", async () => {
    const { byId, log } = await run("noPython", { probes: [] });
    expect(log).toContain("the image has no python3; probing from a python sidecar");
    expect(byId("correctness.health-endpoint").status).toBe("pass");
    expect(byId("security.runs-as-non-root").status).toBe("pass");
    expect(byId("correctness.graceful-stop").status).toBe("pass");
    expect(await leftovers()).toEqual([]);
  });

  it("stops at the wall-clock limit, reports unfinished checks as not measured and removes the container", async () => {
    const { checks, ms } = await run("wrongPort", { probes: [] }, { wallSeconds: 1 });
    expect(ms).toBeLessThan(5000);
    expect(checks.every((c) => c.status === "skipped" && c.message.includes("limit of 1 s"))).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  it("asks every HTTP request of a run through one probe process, gone once the session ends", async () => {
    const container = await createRunContainer(docker, {
      image: images.good!,
      submissionId: SUBMISSION,
      readOnlyRootfs: false,
      limits: RUN_LIMITS,
    });
    const prober = createContainerProber(docker, container, SUBMISSION, 8000, () => {});
    // The probe session is the python process started with --serve; ps shows its whole command line.
    const sessions = async () =>
      (await container.top({ ps_args: "-eo pid,args" })).Processes!.filter((p: string[]) =>
        p.join(" ").includes("--serve"),
      );
    try {
      expect(await startContainer(container)).toBeUndefined();
      const answers = [];
      const health = { method: "GET" as const, path: "/health", timeoutMs: 2000 };
      for await (const answer of prober.poll(health, { everyMs: 500, untilMs: Date.now() + 10_000 }))
        answers.push(answer);
      expect(answers.at(-1)?.status).toBe(200);
      const [first, ...others] = await sessions();
      expect(others).toEqual([]);
      const predict = await prober.request({ method: "POST", path: "/predict", body: { x: [1, 2] }, timeoutMs: 5000 });
      expect(predict).toMatchObject({ status: 200, error: null });
      expect(predict.body).toContain('"prediction": 3');
      expect(await prober.request({ method: "GET", path: "/nope", timeoutMs: 5000 })).toMatchObject({ status: 404 });
      // The same process answered them all: no exec per request.
      expect(await sessions()).toEqual([first]);
      prober.endSession();
      await expect.poll(sessions, { timeout: 5000 }).toEqual([]);
    } finally {
      await prober.close();
      await container.remove({ force: true });
    }
  });

  it("creates the container sandboxed: no network, no capabilities, bounded, labelled", async () => {
    const container = await createRunContainer(docker, {
      image: images.good!,
      submissionId: SUBMISSION,
      readOnlyRootfs: true,
      limits: RUN_LIMITS,
    });
    try {
      const { HostConfig, Config } = await container.inspect();
      expect(HostConfig).toMatchObject({
        NetworkMode: "none",
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        Privileged: false,
        Memory: 1024 ** 3,
        MemorySwap: 1024 ** 3,
        NanoCpus: 1e9,
        PidsLimit: 256,
        ReadonlyRootfs: true,
        Tmpfs: { "/tmp": expect.stringContaining("rw") },
        AutoRemove: false,
      });
      expect(HostConfig.Binds ?? []).toEqual([]);
      expect(Config.Labels).toMatchObject({ "dockyard.submission": SUBMISSION, "dockyard.managed": "true" });
    } finally {
      await container.remove({ force: true });
    }
  });

  it("grades one check per probe, and read-only only when the exercise asks for it", () => {
    const ids = (p: Partial<RunParams>) => runChecksFor({ ...PARAMS, ...p }).map((s) => s.id);
    expect(RUN_CHECKS.map((s) => s.id)).toContain("correctness.endpoint-probe");
    expect(ids({})).toEqual([
      "correctness.container-starts",
      "correctness.health-endpoint",
      "correctness.endpoint-predict",
      "security.runs-as-non-root",
      "correctness.healthcheck-turns-healthy",
      "correctness.graceful-stop",
    ]);
    expect(ids({ readOnlyRootfs: true, probes: [] })).toContain("security.read-only-rootfs-ok");
    expect(ids({ probes: [] })).not.toContain("correctness.endpoint-probe");
  });
});
