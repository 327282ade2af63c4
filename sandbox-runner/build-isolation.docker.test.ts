import { connect, createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exercise, loadExercise } from "../lib/exercises/load-exercise";
import { gradeFiles } from "./cli/grade-command";
import { engineClient } from "./docker/engine";
import { PACKAGE_MIRROR_CONTAINER, PACKAGE_MIRROR_PORT } from "./images/base-images";
import { ensurePackageMirror } from "./images/package-mirror";
import { ensureBaseImages } from "./images/seed-base-images";

/**
 * Attack tests for the build network. BuildKit runs RUN steps on the engine's
 * default bridge (it cannot use a named network), so what keeps a learner's
 * step in is where the engine lives: a network namespace with no uplink. A
 * step that tries every way out must reach the package mirror and nothing
 * else: not the internet, not a port on this machine (a stand-in for the web
 * app, and PostgreSQL's), not the Docker API, and not another container on the
 * bridge: the mirror answers at the bridge's gateway, never at its container's
 * own address (concurrent-builds.docker.test.ts tries another build's step).
 */
let exercise: Exercise;
let listener: Server;
let listenerPort = 0;
let mirrorContainerAddress = "";
const hostAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === "IPv4" && !a.internal)
  .map((a) => a!.address);
const postgresPort = Number(new URL(process.env.DATABASE_URL ?? "postgresql://x@127.0.0.1:54331/x").port || 5432);

beforeAll(async () => {
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "testing/content");
  exercise = await loadExercise("roomy-limits");
  // Stands in for the web app: a server on every address of this machine.
  listener = createServer((socket) => socket.end("web app\n"));
  await new Promise<void>((resolve) => listener.listen(0, "0.0.0.0", resolve));
  listenerPort = (listener.address() as { port: number }).port;
  await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
  await ensurePackageMirror(engineClient());
  const mirror = await engineClient().getContainer(PACKAGE_MIRROR_CONTAINER).inspect();
  mirrorContainerAddress = mirror.NetworkSettings.Networks.bridge?.IPAddress ?? "";
}, 900_000);

afterAll(async () => {
  delete process.env.CONTENT_DIR;
  await new Promise((resolve) => listener.close(resolve));
});

/** Every connection a step will try, as host:port, each a target of this machine or the engine's bridge. */
function targets(): string[] {
  const hosts = [...hostAddresses, "GATEWAY"];
  return [
    ...hosts.flatMap((h) => [`${h}:${listenerPort}`, `${h}:${postgresPort}`, `${h}:2375`, `${h}:2376`]),
    `${mirrorContainerAddress}:${PACKAGE_MIRROR_PORT}`,
  ];
}

// Runs inside the build step: one line per attempt, and always exits 0 so the build's log carries them all.
const PROBE = (targetList: string[]) => `import os, socket, struct, urllib.request
def gateway():
    for line in open("/proc/net/route").read().splitlines()[1:]:
        f = line.split()
        if f[1] == "00000000":
            return socket.inet_ntoa(struct.pack("<L", int(f[2], 16)))
    return "none"
gw = gateway()
print("PROBE gateway", gw)
try:
    urllib.request.urlopen("http://pypi-mirror:3141/simple/", timeout=5)
    print("PROBE mirror reached")
except Exception as e:
    print("PROBE mirror failed", e)
try:
    urllib.request.urlopen("http://deb.debian.org/debian/", timeout=5)
    print("PROBE internet reached")
except Exception as e:
    print("PROBE internet blocked", type(e).__name__)
for sock in ["/var/run/docker.sock", "/run/docker.sock", "/run/dockyard-engine/docker.sock"]:
    print("PROBE docker-socket", sock, "present" if os.path.exists(sock) else "absent")
for target in ${JSON.stringify(targetList)}:
    host, port = target.rsplit(":", 1)
    host = gw if host == "GATEWAY" else host
    if host == "none":
        print("PROBE", target, "blocked no-route")
        continue
    try:
        socket.create_connection((host, int(port)), timeout=3).close()
        print("PROBE", target, "reached")
    except OSError as e:
        print("PROBE", target, "blocked", type(e).__name__)
`;

describe("build steps reach the package mirror and nothing else", () => {
  it("proves the stand-in web app answers on this machine's own addresses", async () => {
    for (const host of hostAddresses) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(listenerPort, host, () => socket.once("data", (d) => resolve(d.toString())));
        socket.once("error", reject);
      });
      expect(answer).toBe("web app\n");
    }
  });

  it("blocks the internet, this machine's ports, PostgreSQL, the Docker API " +
    "and the mirror's own container address, while pip's mirror answers", async () => {
    expect(mirrorContainerAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const dockerfile = `FROM python:3.11-slim\nRUN python3 - <<'EOF'\n${PROBE(targets())}EOF\n`;
    let log = "";
    const result = await gradeFiles(exercise, [{ path: "Dockerfile", content: dockerfile }], {
      err: (t) => (log += t),
      verbose: true,
    });
    expect(result.checks.find((c) => c.id === "correctness.image-builds")?.status, log).toBe("pass");
    const lines = log
      .split("\n")
      .filter((l) => l.includes("PROBE "))
      .map((l) => l.slice(l.indexOf("PROBE ") + 6));
    // The step does have a network (the engine's bridge, with a gateway): it is the engine's placement that keeps it
    // in.
    expect(lines).toContainEqual(expect.stringMatching(/^gateway \d+\.\d+\.\d+\.\d+$/));
    expect(lines).toContain("mirror reached");
    expect(lines).toContainEqual(expect.stringMatching(/^internet blocked /));
    expect(lines.filter((l) => l.startsWith("docker-socket"))).toEqual([
      "docker-socket /var/run/docker.sock absent",
      "docker-socket /run/docker.sock absent",
      "docker-socket /run/dockyard-engine/docker.sock absent",
    ]);
    const attempts = lines.filter((l) => targets().some((t) => l.startsWith(`${t} `)));
    expect(attempts).toHaveLength(targets().length);
    expect(attempts.filter((l) => l.includes(" reached"))).toEqual([]);
  }, 120_000);
});
