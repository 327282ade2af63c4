import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildOutcome, buildImage } from "./docker/build-image";
import type { BuildNetwork } from "./docker/build-network";
import { ignoreNotFound } from "./docker/docker-error";
import { engineClient, engineEndpoint, OWN_ENGINE_NETNS } from "./docker/engine";
import { ensurePackageMirror } from "./images/package-mirror";
import { ensureBaseImages } from "./images/seed-base-images";
import { LABEL_SUBMISSION } from "./owner-labels";

/**
 * Two learners' builds run at once on the engine's default bridge (BuildKit
 * cannot put a step on a network of its own). Build A's step listens on its
 * bridge address; build B's step, running meanwhile, is told that address and
 * tries it. B must not get through, while both still reach the package mirror.
 * The test itself tells B where A is (builds share nothing), and afterwards
 * connects to A from the bridge's host side: that proves A listened on that
 * address the whole time B tried, and ends A's step.
 */
const docker = engineClient();
const RUN = `${process.pid}-${Date.now()}`;
const SUBMISSION_A = `test-concurrent-a-${RUN}`;
const SUBMISSION_B = `test-concurrent-b-${RUN}`;
const PORT = 8000;
let network: BuildNetwork;

// Both steps: a fresh nonce so BuildKit runs them rather than answering from its cache, the step's own address on
// the bridge, and whether the mirror answers. Every line the test reads starts with "PROBE ".
const PREAMBLE = `import socket, struct, time, urllib.request
NONCE = "${randomUUID()}"
def gateway():
    for line in open("/proc/net/route").read().splitlines()[1:]:
        f = line.split()
        if f[1] == "00000000":
            return socket.inet_ntoa(struct.pack("<L", int(f[2], 16)))
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.connect((gateway(), 9))
me = udp.getsockname()[0]
print("PROBE address", me, flush=True)
try:
    urllib.request.urlopen("http://pypi-mirror:3141/simple/", timeout=5)
    print("PROBE mirror reached", flush=True)
except Exception as e:
    print("PROBE mirror failed", e, flush=True)
`;

// A: listens until told to stop, reporting every connection it accepts.
const LISTENER = `${PREAMBLE}
server = socket.create_server(("0.0.0.0", ${PORT}))
server.settimeout(1)
print("PROBE listening", me, ${PORT}, flush=True)
deadline = time.time() + 240
while time.time() < deadline:
    try:
        conn, peer = server.accept()
    except socket.timeout:
        continue
    conn.settimeout(5)
    message = conn.recv(100).decode().strip()
    conn.close()
    print("PROBE accepted", peer[0], message, flush=True)
    if message == "stop":
        break
else:
    print("PROBE never stopped", flush=True)
`;

// B: tries A's address, and says how that went.
const PEER = (address: string) => `${PREAMBLE}
try:
    conn = socket.create_connection(("${address}", ${PORT}), timeout=5)
    conn.sendall(b"hello from B\\n")
    conn.close()
    print("PROBE peer reached", flush=True)
except OSError as e:
    print("PROBE peer blocked", type(e).__name__, e.errno, flush=True)
`;

const dockerfile = (script: string) => `FROM python:3.11-slim\nRUN python3 - <<'EOF'\n${script}EOF\n`;

function build(submissionId: string, script: string, onLine: (line: string) => void): Promise<BuildOutcome> {
  let pending = "";
  return buildImage({
    submissionId,
    tag: `dockyard-test/${submissionId}`,
    files: [{ path: "Dockerfile", content: dockerfile(script) }],
    memoryBytes: 512 * 1024 * 1024,
    cpus: 1,
    wallSeconds: 300,
    pids: 128,
    diskBytes: 256 * 1024 * 1024,
    network,
    onOutput: (text) => {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.includes("PROBE ")) onLine(line.slice(line.indexOf("PROBE ") + 6));
    },
  });
}

/**
 * Sends one line to address:port from the bridge's host side: inside the engine's network namespace for Dockyard's
 * own engine, from this process for an operator's (whose bridge is on this machine).
 */
function sendFromBridgeHost(address: string, port: number, line: string): Promise<void> {
  const message = JSON.stringify(`${line}\n`);
  const script =
    `const s = require("node:net").connect(${port}, ${JSON.stringify(address)}, () => s.end(${message}));` +
    `s.on("error", (e) => { console.error(e.message); process.exit(1); });`;
  if (!engineEndpoint().own) {
    return new Promise((resolve, reject) => {
      const socket = connect(port, address, () => socket.end(`${line}\n`, resolve));
      socket.once("error", reject);
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn("nsenter", [`--net=${OWN_ENGINE_NETNS}`, process.execPath, "-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`nsenter: ${code} ${err}`))));
  });
}

afterAll(async () => {
  for (const submission of [SUBMISSION_A, SUBMISSION_B]) {
    await ignoreNotFound(docker.getImage(`dockyard-test/${submission}`).remove({ force: true }));
    const images = await docker.listImages({ all: true, filters: { label: [`${LABEL_SUBMISSION}=${submission}`] } });
    for (const image of images) await ignoreNotFound(docker.getImage(image.Id).remove({ force: true }));
  }
});

describe("concurrent builds cannot see each other", () => {
  beforeAll(async () => {
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
    network = await ensurePackageMirror(docker);
  }, 900_000);

  it("a build step cannot connect to another build's step, while both reach the package mirror", async () => {
    const linesA: string[] = [];
    const linesB: string[] = [];
    let listening: (address: string) => void = () => {};
    const addressOfA = new Promise<string>((resolve) => (listening = resolve));
    const buildA = build(SUBMISSION_A, LISTENER, (line) => {
      linesA.push(line);
      const match = /^listening (\S+) /.exec(line);
      if (match) listening(match[1]!);
    });
    // A never listens if it failed first: then its outcome says why.
    const a = await Promise.race([addressOfA, buildA.then((outcome) => ({ early: outcome }))]);
    expect(typeof a, JSON.stringify(a)).toBe("string");
    const address = a as string;

    const outcomeB = await build(SUBMISSION_B, PEER(address), (line) => linesB.push(line));
    // A still listens on that address now that B is done: this connection reaches it and ends its step.
    await sendFromBridgeHost(address, PORT, "stop");
    const outcomeA = await buildA;

    const logs = `A:\n${linesA.join("\n")}\nB:\n${linesB.join("\n")}`;
    expect(outcomeA.kind, JSON.stringify(outcomeA)).toBe("built");
    expect(outcomeB.kind, JSON.stringify(outcomeB)).toBe("built");
    expect(linesA, logs).toContain("mirror reached");
    expect(linesB, logs).toContain("mirror reached");
    const addressOfB = linesB.find((l) => l.startsWith("address "))?.slice("address ".length);
    expect(addressOfB, logs).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(addressOfB, logs).not.toBe(address);
    // The two steps were on one network: B's address and A's share the bridge's subnet (the first two octets).
    expect(addressOfB?.split(".").slice(0, 2), logs).toEqual(address.split(".").slice(0, 2));
    const tries = linesB.filter((l) => l.startsWith("peer "));
    expect(tries, logs).toHaveLength(1);
    expect(tries[0], logs).toMatch(/^peer blocked /);
    const accepted = linesA.filter((l) => l.startsWith("accepted "));
    expect(accepted, logs).toHaveLength(1);
    expect(accepted[0], logs).toMatch(/ stop$/);
  }, 600_000);
});
