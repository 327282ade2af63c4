import { describe, it, expect, beforeAll, vi } from "vitest";
import { spawn } from "node:child_process";
import Docker from "dockerode";
import { BASE_IMAGES, ensureBaseImages } from "./seed-base-images";

// The seed script is silent when it has nothing to do, so an empty log alone
// would not prove it was skipped; watch for the child process itself.
vi.mock("node:child_process", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:child_process")>();
  return { ...actual, spawn: vi.fn(actual.spawn) };
});

// Integration test against the real engine (DOCKER_HOST or the local socket).
// A cold first seed downloads Debian packages and takes minutes.
const SEED_TIMEOUT_MS = 600_000;
const RUN_TIMEOUT_MS = 60_000;

const docker = new Docker();

async function runOffline(image: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    // A TTY merges stdout and stderr into one plain stream: no demuxing needed.
    Tty: true,
    HostConfig: { NetworkMode: "none" },
    Labels: { "dockyard.test": "seed-base-images" },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
    return { exitCode: StatusCode, output };
  } finally {
    await container.remove({ force: true });
  }
}

describe("ensureBaseImages", () => {
  beforeAll(async () => {
    await docker.ping().catch((err: unknown) => {
      throw new Error(`No Docker engine answers (run scripts/ensure-docker.sh): ${String(err)}`);
    });
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
  }, SEED_TIMEOUT_MS);

  it("creates every base image with the dockyard label", async () => {
    for (const name of BASE_IMAGES) {
      const info = await docker.getImage(name).inspect();
      expect(info.Config.Labels?.["dockyard.base-image"], name).toBe("true");
    }
  });

  it("builds python:3.11-slim on top of debian:bookworm-slim", async () => {
    const debian = await docker.getImage("debian:bookworm-slim").inspect();
    const python = await docker.getImage("python:3.11-slim").inspect();
    expect(debian.RootFS.Layers).toHaveLength(1);
    expect(python.RootFS.Layers?.[0]).toBe(debian.RootFS.Layers?.[0]);
  });

  it(
    "runs Python 3.11 and pip without a network",
    async () => {
      const { exitCode, output } = await runOffline("python:3.11-slim", [
        "sh",
        "-c",
        "python --version && python3 -m pip --version",
      ]);
      expect(exitCode, output).toBe(0);
      expect(output).toMatch(/^Python 3\.11\.\d+/m);
      expect(output).toMatch(/^pip \d+\.\d+.* \(python 3\.11\)/m);
    },
    RUN_TIMEOUT_MS,
  );

  it("does not run the seed script again when the images exist", async () => {
    vi.mocked(spawn).mockClear();
    const lines: string[] = [];
    await ensureBaseImages({ log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
    expect(vi.mocked(spawn)).not.toHaveBeenCalled();
  });
});
