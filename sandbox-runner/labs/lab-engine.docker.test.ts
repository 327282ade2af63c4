import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, statfs } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labCheckSchema } from "../../lib/labs/lab-check-schema";
import { engineClient, engineShellEnv } from "../docker/engine";
import { ensurePackageMirrorRoute, type PackageMirrorRoute } from "../images/package-mirror";
import { ensureBaseImages } from "../images/seed-base-images";
import { type LabAccount, LabAccountPool, listLabAccounts } from "./lab-accounts";
import { type LabEngine, removeLeftoverLabs, SHELL_PIDS, startLabEngine } from "./lab-engine";
import { labEngineClients, pinEngineSocket } from "./lab-engine-api";
import { previewLabPort } from "./port-preview";
import { inLab as inLabOf } from "./testing/lab-testing";
import { followLabEvents } from "./verify/lab-events";
import { readLabState } from "./verify/lab-state";
import { type TaskStatus, watchTasks } from "./verify/watch-tasks";

// A lab engine started for real as an unprivileged account, then attacked from inside, as a learner could: each
// attack must stay inside the lab, and stopping the lab must leave nothing on the host.
const run = promisify(execFile);
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../scripts/labs/ensure-lab-host.sh", import.meta.url));
const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";
const LIMITS = { memoryBytes: 512 * 1024 ** 2, pids: 256, cpus: 1, diskBytes: 1024 ** 3 };

let labsDir: string;
let account: LabAccount;
/** A second account: two running labs never share one. */
let otherAccount: LabAccount;
let pool: LabAccountPool;
let lab: LabEngine;
let mirror: PackageMirrorRoute;
/** A server on the host's loopback, standing for the web app, PostgreSQL and the grading engine's ports. */
let hostServer: http.Server;

/** Runs a shell command inside the lab (a learner's shell); never throws, so failures are asserted on. */
/** A learner's shell command in this file's lab. */
function inLab(script: string, timeoutMs = 60_000): Promise<{ code: number | null; out: string }> {
  return inLabOf(lab, script, timeoutMs);
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the lab's state");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A file of the lab's cgroup, from whichever hierarchy has it (cgroup v1: one per controller; v2: one). */
async function cgroupFile(engine: LabEngine, name: string): Promise<string> {
  for (const dir of engine.cgroup.procsFiles.map((f) => path.dirname(f))) {
    const text = await readFile(path.join(dir, name), "utf8").catch(() => undefined);
    if (text !== undefined) return text.trim();
  }
  throw new Error(`no ${name} in the lab's cgroup`);
}

/** Copies an image of the grading engine into the lab (the course registry will serve them later). */
async function loadImage(image: string): Promise<void> {
  const env = { ...process.env, ...engineShellEnv() };
  await run("bash", ["-c", `docker save ${image} | docker -H unix://${lab.socket} load`], { env });
}

beforeAll(async () => {
  await run("bash", [ENSURE_LAB_HOST, "2"]);
  // Through the host's account locks: other test files start labs at the same time.
  pool = new LabAccountPool(await listLabAccounts());
  [account, otherAccount] = [(await pool.take())!, (await pool.take())!];
  await ensureBaseImages();
  await engineClient().ping();
  labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-labs-"));
  mirror = await ensurePackageMirrorRoute(engineClient());
  lab = await startLabEngine({ labsDir, engineDir: ENGINE_DIR, mirror }, "test-lab", account, LIMITS);
  await loadImage("python:3.11-slim");
  hostServer = http.createServer((_req, res) => res.end("host"));
  await new Promise<void>((resolve) => hostServer.listen(0, "127.0.0.1", resolve));
}, 300_000);

afterAll(async () => {
  hostServer?.close();
  await lab?.stop();
  for (const a of [account, otherAccount]) if (a) await pool.give(a);
  if (labsDir) await rm(labsDir, { recursive: true, force: true });
});

describe("a lab engine", () => {
  it("is a rootless Docker with Compose and buildx, reached from the learner's shell", async () => {
    const { code, out } = await inLab(
      "docker info --format '{{.SecurityOptions}}'; docker compose version --short; docker buildx version; id -u; " +
        "nano --version | head -1; skopeo --version; test -r /etc/containers/policy.json && echo policy",
    );
    expect(code, out).toBe(0);
    expect(out).toContain("name=rootless");
    // An editor a newcomer can use, for the labs that ask for a file to be changed.
    expect(out).toMatch(/GNU nano/);
    // skopeo, with the signature policy it will not copy without (labEtcFiles).
    expect(out).toMatch(/^skopeo version \d/m);
    expect(out).toMatch(/^policy$/m);
    expect(out).toMatch(/^\d+\.\d+\.\d+/m);
    expect(out).toMatch(/^github.com\/docker\/buildx|^buildx /m);
  });

  it("runs a published container that the lab reaches on its own loopback", async () => {
    const { code, out } = await inLab(
      "docker run -d --name web -p 127.0.0.1:8080:8000 python:3.11-slim python3 -m http.server 8000 >/dev/null && " +
        "for i in $(seq 1 50); do " +
        "python3 -c \"import urllib.request as u; print(u.urlopen('http://127.0.0.1:8080/').status)\" 2>/dev/null " +
        "&& break; sleep 0.2; done; docker rm -f web >/dev/null",
    );
    expect(code, out).toBe(0);
    expect(out).toContain("200");
  });

  it("previews a port inside the lab as text, and says when nothing listens there", async () => {
    const started = await inLab(
      "docker run -d --name site -p 127.0.0.1:8081:8000 python:3.11-slim python3 -m http.server 8000",
    );
    expect(started.code, started.out).toBe(0);
    try {
      let answer = await previewLabPort(lab, { port: 8081, path: "/" });
      for (let i = 0; i < 50 && answer.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        answer = await previewLabPort(lab, { port: 8081, path: "/" });
      }
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("Directory listing");
      expect(await previewLabPort(lab, { port: 8099, path: "/" })).toEqual({
        status: null,
        body: "",
        error: "connection refused",
      });
      // The host's own ports are not the lab's: the preview cannot be turned against the platform.
      const port = (hostServer.address() as AddressInfo).port;
      expect((await previewLabPort(lab, { port, path: "/" })).error).toBe("connection refused");
    } finally {
      await inLab("docker rm -f site >/dev/null");
    }
  });

  it("shows `docker run --privileged -v /:/host` the sandbox, never the host's files", async () => {
    const { out } = await inLab(
      "docker run --rm --privileged -v /:/host python:3.11-slim sh -c " +
        "'ls /host/home; ls /host/etc; cat /host/etc/shadow; ls /host/root; " +
        "ls /host/work /host/var/lib/dockyard-engine/data; " +
        "ls /host/var/lib/dockyard-engine'",
    );
    expect(out).toMatch(/^lab$/m);
    expect(out).toContain("cat: /host/etc/shadow: No such file or directory");
    expect(out).toContain("cannot access '/host/root'");
    expect(out).toContain("cannot access '/host/work'");
    expect(out).toContain("cannot access '/host/var/lib/dockyard-engine/data'");
    // Only the engine's read-only packages are there: never its data, its socket or the grader's images.
    expect(out).toMatch(/^dist$/m);
  });

  it("has no route out: not the internet, not the host's loopback ports, not the host's addresses", async () => {
    const port = (hostServer.address() as AddressInfo).port;
    const hostAddresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => a!.address);
    const targets = [
      `127.0.0.1:${port}`,
      "1.1.1.1:443",
      "169.254.169.254:80",
      ...hostAddresses.map((a) => `${a}:${port}`),
    ];
    const probe =
      "import socket, sys\n" +
      "for t in sys.argv[1:]:\n" +
      "    h, p = t.rsplit(':', 1)\n" +
      "    try:\n" +
      "        socket.create_connection((h, int(p)), timeout=2).close(); print(t, 'open')\n" +
      "    except OSError as e:\n" +
      "        print(t, 'closed')\n";
    for (const where of ["--network host", ""]) {
      const { out } = await inLab(
        `docker run --rm ${where} python:3.11-slim python3 -c "${probe}" ${targets.join(" ")}`,
      );
      for (const target of targets) expect(out, where).toContain(`${target} closed`);
    }
  });

  it("builds with packages from the course's mirror, by the graded builds' name; no other name resolves", async () => {
    const dockerfile = "FROM python:3.11-slim\nRUN pip install --no-cache-dir idna\n";
    const probe =
      "import socket\n" +
      "for name in ['pypi-mirror', 'pypi.org', 'files.pythonhosted.org', 'lab']:\n" +
      "    try:\n" +
      "        print(name, socket.gethostbyname(name))\n" +
      "    except OSError:\n" +
      "        print(name, 'unknown')\n";
    const { code, out } = await inLab(
      `mkdir -p /tmp/pkg && cd /tmp/pkg && printf '${dockerfile}' > Dockerfile && ` +
        "docker build -q -t with-idna . >/dev/null && " +
        "docker run --rm with-idna python3 -c 'import idna; print(\"imported\", idna.__name__)' && " +
        // A user-defined network asks Docker's embedded DNS, which asks the lab's name server.
        "docker network create named >/dev/null && " +
        `docker run --rm --network named python:3.11-slim python3 -c "${probe}"; ` +
        "docker network rm named >/dev/null; docker rmi with-idna >/dev/null",
      180_000,
    );
    expect(code, out).toBe(0);
    expect(out).toContain("imported idna");
    expect(out).toMatch(/^pypi-mirror 10\.254\.254\.1$/m);
    for (const name of ["pypi.org", "files.pythonhosted.org", "lab"]) expect(out).toContain(`${name} unknown`);
  });

  it("kills a memory bomb inside the lab's limit and keeps its engine answering", async () => {
    const { out } = await inLab(
      "docker run --rm python:3.11-slim python3 -c 'b = [bytearray(64 * 2**20) for _ in range(64)]'; echo exit=$?; " +
        "docker info --format 'engine={{.ServerVersion}}'",
    );
    expect(out).toContain("exit=137");
    expect(out).toMatch(/^engine=\d+/m);
  });

  it("stops a fork bomb at the lab's process limit", async () => {
    const started = await inLab("docker run -d --name bomb python:3.11-slim bash -c 'b(){ b|b & }; b; sleep 60'");
    expect(started.code, started.out).toBe(0);
    await new Promise((r) => setTimeout(r, 3000));
    // The engine's share of the lab's processes is full; the shells' share is left for the learner's next command.
    const current = Number(await cgroupFile(lab, "pids.current"));
    expect(current).toBeLessThanOrEqual(LIMITS.pids - SHELL_PIDS + 5);
    expect(current).toBeGreaterThan(LIMITS.pids - SHELL_PIDS - 20);
    const { out } = await inLab("docker rm -f bomb >/dev/null; docker info --format 'engine={{.ServerVersion}}'");
    expect(out).toMatch(/^engine=\d+/m);
  });

  it("stops a disk fill at the lab's disk size", async () => {
    const { out } = await inLab(
      "docker run --rm python:3.11-slim sh -c 'dd if=/dev/zero of=/fill bs=1M count=2048 2>&1 | head -3'",
      120_000,
    );
    expect(out).toMatch(/No space left on device/);
    const { out: after } = await inLab("docker info --format 'engine={{.ServerVersion}}'");
    expect(after).toMatch(/^engine=\d+/m);
  }, 180_000);

  it("is reached by the socket pinned at its start: a symlink or a fake engine in /run changes nothing", async () => {
    const grader = engineClient();
    const graderOnly = `grader-only-${process.pid}`;
    await grader.createVolume({ Name: graderOnly });
    // A fake engine, as a learner could write one: every question gets "nothing here" (a prune would look done).
    const fake =
      "import http.server, socketserver\n" +
      "class H(http.server.BaseHTTPRequestHandler):\n" +
      "    def log_message(self, *args): pass\n" +
      "    def do_GET(self):\n" +
      "        body = b'{\"Volumes\": []}' if self.path.startswith('/volumes') else b'[]'\n" +
      "        self.send_response(200); self.send_header('Content-Type', 'application/json')\n" +
      "        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)\n" +
      "class S(socketserver.ThreadingMixIn, socketserver.UnixStreamServer): pass\n" +
      "S('/run/docker.sock', H).serve_forever()\n";
    const { api } = labEngineClients(lab.socket);
    const volumes = async () => (await readLabState(api)).volumes;
    try {
      expect((await inLab("docker volume create mine")).code).toBe(0);
      // The grading engine's socket path, planted where the lab's was: the host must not follow it.
      const planted = await inLab(
        "mv /run/docker.sock /run/real.sock && ln -s /run/dockyard-engine/docker.sock /run/docker.sock && ls -l /run",
      );
      expect(planted.code, planted.out).toBe(0);
      expect(await volumes()).toEqual(["mine"]);
      const script = Buffer.from(fake).toString("base64");
      const swapped = await inLab(
        `rm /run/docker.sock && echo ${script} | base64 -d > /tmp/fake.py && ` +
          "(python3 /tmp/fake.py >/dev/null 2>&1 &) && " +
          "for i in $(seq 1 50); do [ -S /run/docker.sock ] && break; sleep 0.1; done; " +
          "python3 -c 'import http.client, socket\n" +
          'c = http.client.HTTPConnection("x"); c.sock = socket.socket(socket.AF_UNIX)\n' +
          'c.sock.connect("/run/docker.sock"); c.request("GET", "/volumes")\n' +
          'print("fake says", c.getresponse().read().decode())\'',
      );
      // Whoever asks /run/docker.sock by name now gets the fake's "no volumes"; the runner still asks the engine.
      expect(swapped.out, swapped.out).toContain('fake says {"Volumes": []}');
      expect(await volumes()).toEqual(["mine"]);
      // A socket of the lab's own account, but not the one its engine made before the learner came: never pinned.
      expect(() => pinEngineSocket(lab.enginePid, lab.account.uid, "docker.sock")).not.toThrow();
      await inLab("ln -s /run/dockyard-engine/docker.sock /run/planted.sock");
      expect(() => pinEngineSocket(lab.enginePid, lab.account.uid, "planted.sock")).toThrow(/is a symlink/);
    } finally {
      await inLab(
        "pkill -f 'python3 /tmp/fak[e]'; rm -f /run/docker.sock /run/planted.sock /tmp/fake.py; " +
          "mv /run/real.sock /run/docker.sock",
      );
      await inLab("docker volume rm mine");
      await grader.getVolume(graderOnly).remove();
    }
    expect((await inLab("docker volume ls -q")).code).toBe(0);
  }, 120_000);

  it("keeps what the lab writes off the host's disk: /run and /tmp are small and in the lab's memory", async () => {
    const free = async () => {
      const stat = await statfs(labsDir);
      return stat.bavail * stat.bsize;
    };
    const before = await free();
    const { out } = await inLab(
      "for d in /run /tmp; do " +
        "dd if=/dev/zero of=$d/fill bs=1M count=1024 2>&1 | grep -m1 -o 'No space left on device'; " +
        "done; df -B1M --output=target,size /run /tmp; rm -f /run/fill /tmp/fill",
      120_000,
    );
    expect(out.match(/No space left on device/g)?.length, out).toBe(2);
    expect(out).toMatch(/^\/run\s+32$/m);
    expect(out).toMatch(/^\/tmp\s+256$/m);
    // The host's file system holding the labs' directory did not lose what the lab wrote (other tests write a little).
    expect(before - (await free())).toBeLessThan(64 * 1024 ** 2);
    expect((await inLab("docker info --format 'engine={{.ServerVersion}}'")).out).toMatch(/^engine=\d+/m);
  }, 180_000);

  it("sees its own cgroup, never the names of other labs or of the builds beside it", async () => {
    const { out } = await inLab(
      "cat /proc/self/cgroup | grep -m1 dockyard-labs; ls /sys/fs/cgroup/pids/dockyard-labs/ " +
        "/sys/fs/cgroup/unified/dockyard-labs/ /sys/fs/cgroup/dockyard-labs/ 2>&1",
    );
    expect(out).toContain(`dockyard-labs/${lab.id}/`);
    expect(out).not.toMatch(/^test-lab/m);
    expect(out).toMatch(/Permission denied|No such file/);
  });

  it("follows the engine's real state: a hint for the wrong try, green for the right one", async () => {
    const docker = new Docker({ socketPath: lab.socket });
    const task = {
      id: "api",
      checks: [
        labCheckSchema.parse({ kind: "container", name: "api", publishes: [{ port: 8000, hostIp: "127.0.0.1" }] }),
      ],
    };
    const seen: Array<{ status: TaskStatus }> = [];
    // A minute between polls: the engine's events (and a task holding for HOLD_MS), not the clock, make it read again.
    const watch = watchTasks({
      tasks: [task],
      readState: () => readLabState(docker),
      onChange: (status) => seen.push({ status }),
      intervalMs: 60_000,
    });
    const unfollow = followLabEvents(docker, watch.observe);
    try {
      await watch.settled();
      expect(seen.at(-1)?.status.hint).toContain("docker run --name api");
      // A wrong first try: published on every interface. The hint follows the state.
      await inLab("docker run -d --name api -p 8000:8000 python:3.11-slim python3 -m http.server 8000 >/dev/null");
      await until(() => seen.at(-1)?.status.found.includes("on every interface") === true);
      await inLab(
        "docker rm -f api >/dev/null && " +
          "docker run -d --name api -p 127.0.0.1:8000:8000 python:3.11-slim python3 -m http.server 8000 >/dev/null",
      );
      // How fast is a benchmark's question (bench/); here: it turns green without anyone asking.
      await until(() => seen.at(-1)?.status.done === true);
    } finally {
      unfollow();
      watch.stop();
      await inLab("docker rm -f api >/dev/null");
    }
  }, 60_000);

  it("leaves nothing of a lab a dead runner left: no process, mount, file or cgroup", async () => {
    const host = { labsDir, engineDir: ENGINE_DIR, mirror };
    const other = await startLabEngine(host, "test-lab-stop", otherAccount, LIMITS);
    const cgroups = other.cgroup.procsFiles.map((f) => path.dirname(f));
    const root = other.paths.root;
    await run("bash", ["-c", `docker -H unix://${other.socket} volume create kept >/dev/null`], {
      env: { ...process.env, ...engineShellEnv() },
    });
    // The lab's relay to the package mirror runs as nobody, not as the account: found by its socket's path.
    const relays = () =>
      run("pgrep", ["-f", `${root}/mirror/`]).then(
        (found) => found.stdout.trim(),
        (err: { code?: number }) => (err.code === 1 ? "" : `pgrep failed: ${String(err)}`),
      );
    expect(await relays()).not.toBe("");
    // As after a runner died: nobody calls other.stop(); the next runner's sweep removes it.
    expect(await removeLeftoverLabs({ labsDir, engineDir: ENGINE_DIR }, new Set([lab.id]))).toEqual([other.id]);
    // pgrep exits 1 when no process matches; exiting processes may need a moment to be reaped.
    const accountProcesses = () =>
      run("pgrep", ["-u", otherAccount.user]).then(
        (found) => found.stdout.trim(),
        (err: { code?: number }) => (err.code === 1 ? "" : `pgrep failed: ${String(err)}`),
      );
    let left = `${await accountProcesses()}${await relays()}`;
    for (let i = 0; i < 50 && left; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = `${await accountProcesses()}${await relays()}`;
    }
    expect(left).toBe("");
    expect(existsSync(root)).toBe(false);
    for (const dir of cgroups) expect(existsSync(dir)).toBe(false);
    const mounts = await readFile("/proc/self/mountinfo", "utf8");
    expect(mounts).not.toContain(root);
    expect(await readdir(labsDir)).toEqual(["test-lab"]);
  }, 120_000);
});
