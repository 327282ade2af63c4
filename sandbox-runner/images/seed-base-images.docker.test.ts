import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { engineClient, engineShellEnv } from "../docker/engine";
import {
  BASE_IMAGES,
  PACKAGE_MIRROR_IMAGE,
  PACKAGE_MIRROR_INDEX_URL,
  SEED_VERSION_LABEL,
  SERVICE_IMAGES,
  seedVersion,
} from "./base-images";
import { findStaleImages } from "./find-stale-images";
import { runOnce } from "./run-once";
import { ensureBaseImages } from "./seed-base-images";

// Integration test against the real engine (DOCKER_HOST or the local socket).
// A cold first seed downloads Debian packages and takes a few minutes.
const SEED_TIMEOUT_MS = 900_000;
const OWNER = "test-seed-base-images";
const SEED_SCRIPT = fileURLToPath(new URL("./seed/seed-base-images.sh", import.meta.url));

const docker = engineClient();

const runOffline = (image: string, script: string) =>
  runOnce(docker, { image, cmd: ["sh", "-c", script], network: "none", owner: OWNER, timeoutMs: 60_000 });

async function inspect(name: string) {
  return docker.getImage(name).inspect();
}

describe("ensureBaseImages", () => {
  beforeAll(async () => {
    await docker.ping().catch((err: unknown) => {
      throw new Error(`No Docker engine answers (run scripts/ensure-docker.sh): ${String(err)}`);
    });
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
  }, SEED_TIMEOUT_MS);

  it("creates every base image with the dockyard label, the python ones at the current seed version", async () => {
    for (const name of BASE_IMAGES) {
      const labels = (await inspect(name)).Config.Labels ?? {};
      expect(labels["dockyard.base-image"], name).toBe("true");
      if (name !== "debian:bookworm-slim") expect(labels[SEED_VERSION_LABEL], name).toBe(seedVersion());
    }
    expect((await inspect(PACKAGE_MIRROR_IMAGE)).Config.Labels?.[SEED_VERSION_LABEL]).toBe(seedVersion());
    expect(await findStaleImages(docker)).toEqual([]);
  });

  it("stacks the images: python:3.11-slim on debian, python:3.11 and the mirror on python:3.11-slim", async () => {
    const [debian, slim, full, mirror] = await Promise.all(
      ["debian:bookworm-slim", "python:3.11-slim", "python:3.11", PACKAGE_MIRROR_IMAGE].map(inspect),
    );
    expect(debian!.RootFS.Layers).toHaveLength(1);
    expect(slim!.RootFS.Layers?.slice(0, 1)).toEqual(debian!.RootFS.Layers);
    expect(full!.RootFS.Layers?.slice(0, 2)).toEqual(slim!.RootFS.Layers);
    expect(mirror!.RootFS.Layers?.slice(0, 2)).toEqual(slim!.RootFS.Layers);
    // The point of the full image for the lessons: it is several times the slim one.
    expect(full!.Size).toBeGreaterThan(3 * slim!.Size);
  });

  it("points pip in both python images at the package mirror", async () => {
    for (const name of ["python:3.11-slim", "python:3.11"]) {
      const env = (await inspect(name)).Config.Env ?? [];
      expect(env, name).toContain(`PIP_INDEX_URL=${PACKAGE_MIRROR_INDEX_URL}`);
      expect(env, name).toContain("PIP_TRUSTED_HOST=pypi-mirror");
      expect(env, name).toContain("PIP_DISABLE_PIP_VERSION_CHECK=1");
    }
  });

  it("runs Python 3.11 and pip without a network", async () => {
    const { exitCode, output } = await runOffline("python:3.11-slim", "python --version && python3 -m pip --version");
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^Python 3\.11\.\d+/m);
    expect(output).toMatch(/^pip \d+\.\d+.* \(python 3\.11\)/m);
  });

  it("gives python:3.11 the tools to build C extensions, and compiles one offline", async () => {
    const script = [
      "set -e",
      "gcc --version | head -n1; g++ --version | head -n1; make --version | head -n1",
      "git --version; curl --version | head -n1; wget --version | head -n1",
      "pkg-config --exists libffi openssl zlib && echo pkg-config-ok",
      "cd /tmp && printf '#include <Python.h>\\nstatic struct PyModuleDef m = " +
        '{PyModuleDef_HEAD_INIT, "hello"};\\nPyMODINIT_FUNC PyInit_hello(void) ' +
        "{ return PyModule_Create(&m); }\\n' > hello.c",
      "gcc -shared -fPIC $(python3-config --includes) hello.c -o hello$(python3-config --extension-suffix)",
      "python3 -c 'import hello; print(\"extension-ok\", hello.__name__)'",
    ].join("\n");
    const { exitCode, output } = await runOffline("python:3.11", script);
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^gcc \(Debian 12/m);
    expect(output).toMatch(/^git version/m);
    expect(output).toContain("pkg-config-ok");
    expect(output).toContain("extension-ok hello");
  });

  it("seeds Redis from Debian bookworm on debian:bookworm-slim, tagged with the version it runs", async () => {
    const [debian, redis] = await Promise.all(["debian:bookworm-slim", SERVICE_IMAGES[0]].map(inspect));
    expect(redis!.RootFS.Layers?.slice(0, 1)).toEqual(debian!.RootFS.Layers);
    expect(redis!.Config.Labels?.[SEED_VERSION_LABEL]).toBe(seedVersion());
    expect(redis!.Config.User).toBe("redis");
    expect(redis!.Config.WorkingDir).toBe("/data");
    const { exitCode, output } = await runOffline(SERVICE_IMAGES[0], "redis-server --version; id -un");
    expect(exitCode, output).toBe(0);
    expect(SERVICE_IMAGES[0]).toBe(`dockyard/redis:${/v=(\d+\.\d+\.\d+)/.exec(output)?.[1]}-bookworm`);
    expect(output).toMatch(/^redis$/m);
  });

  it("seeds the Jupyter Notebook server from bookworm on debian:bookworm-slim, serving /home/jovyan/work", async () => {
    const [debian, jupyter] = await Promise.all(["debian:bookworm-slim", SERVICE_IMAGES[1]].map(inspect));
    expect(jupyter!.RootFS.Layers?.slice(0, 1)).toEqual(debian!.RootFS.Layers);
    expect(jupyter!.Config.User).toBe("jovyan");
    expect(Object.keys(jupyter!.Config.Volumes ?? {})).toEqual(["/home/jovyan/work"]);
    const { exitCode, output } = await runOffline(SERVICE_IMAGES[1], "jupyter notebook --version; id -u; pwd");
    expect(exitCode, output).toBe(0);
    const [version, uid, dir] = output.trim().split(/\r?\n/);
    expect(SERVICE_IMAGES[1]).toBe(`dockyard/jupyter-notebook:${version}-bookworm`);
    expect([uid, dir]).toEqual(["1000", "/home/jovyan/work"]);
  });

  it("seeds PostgreSQL with pgvector from trixie: it initialises a database and answers a distance query", async () => {
    const pgvector = await inspect(SERVICE_IMAGES[2]);
    expect(pgvector.Config.Labels?.[SEED_VERSION_LABEL]).toBe(seedVersion());
    expect(pgvector.Config.User).toBe("postgres");
    // The entrypoint's first start as a stack would run it, then a query over the socket once the server is up.
    const script = [
      "docker-entrypoint.sh postgres >/tmp/pg.log 2>&1 &",
      "for i in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -U ml -d features && break; sleep 0.5; done",
      'psql -At -U ml -d features -c "CREATE EXTENSION vector; SELECT extversion FROM pg_extension ' +
        "WHERE extname = 'vector'; SELECT '[1,2,3]'::vector <-> '[1,2,5]'::vector; SHOW server_version\"",
      "cat /etc/debian_version",
    ].join("\n");
    const result = await runOnce(docker, {
      image: SERVICE_IMAGES[2],
      cmd: ["sh", "-c", script],
      env: ["POSTGRES_USER=ml", "POSTGRES_PASSWORD=test-only", "POSTGRES_DB=features"],
      network: "none",
      owner: OWNER,
      timeoutMs: 60_000,
    });
    expect(result.exitCode, result.output).toBe(0);
    const [extension, distance, server, debian] = result.output.trim().split(/\r?\n/).slice(-4);
    expect(SERVICE_IMAGES[2]).toBe(`dockyard/pgvector:${extension}-pg${server?.split(".")[0]}-trixie`);
    expect(distance).toBe("2");
    expect(debian).toMatch(/^13\./);
  });

  it("keeps python:3.11-slim free of compilers", async () => {
    const { exitCode, output } = await runOffline("python:3.11-slim", "command -v gcc || command -v make || echo none");
    expect(exitCode, output).toBe(0);
    expect(output.trim()).toBe("none");
  });

  it(
    "gives GPU exercises a CUDA 11.8 runtime on python:3.11-slim, with the " + "variables the container toolkit reads",
    async () => {
      const [slim, cuda] = await Promise.all(
        ["python:3.11-slim", "dockyard/cuda:11.8-runtime-python3.11-bookworm"].map(inspect),
      );
      expect(cuda!.RootFS.Layers?.slice(0, 2)).toEqual(slim!.RootFS.Layers);
      expect(cuda!.Config.Env).toEqual(
        expect.arrayContaining([
          "CUDA_VERSION=11.8.89",
          "NVIDIA_REQUIRE_CUDA=cuda>=11.8",
          "NVIDIA_DRIVER_CAPABILITIES=compute,utility",
        ]),
      );
      const { exitCode, output } = await runOffline(
        "dockyard/cuda:11.8-runtime-python3.11-bookworm",
        "python3 -c \"import ctypes; ctypes.CDLL('libcudart.so.11.0'); print('cudart loads')\"",
      );
      expect(exitCode, output).toBe(0);
      expect(output.trim()).toBe("cudart loads");
    },
  );

  it("gives builder stages the CUDA 11.8 toolkit on Debian: it compiles offline and holds no driver", async () => {
    const devel = await inspect("dockyard/cuda:11.8-devel-bookworm");
    expect(devel!.RootFS.Layers?.slice(0, 1)).toEqual((await inspect("debian:bookworm-slim"))!.RootFS.Layers);
    expect(devel!.Config.Env).toEqual(
      expect.arrayContaining(["CUDA_VERSION=11.8.89", "NVIDIA_REQUIRE_CUDA=cuda>=11.8"]),
    );
    // The size lesson the exercises teach: the toolkit is gigabytes, the runtime a few megabytes on top of its base.
    expect(devel!.Size).toBeGreaterThan(2_000_000_000);
    const script = [
      "set -e",
      "cd /tmp",
      "printf '%s\\n' '#include <cstdio>' '__global__ void k() {}' >k.cu",
      "printf '%s\\n' 'int main() { k<<<1, 1>>>(); puts(\"built\"); }' >>k.cu",
      "nvcc -o k k.cu",
      "./k",
      // The driver's libraries come from the host when a GPU container starts; a copy here would shadow them.
      "ldconfig -p | grep -E 'libcuda\\.so\\.1|libnvidia-ml\\.so\\.1' || echo 'no driver libraries'",
    ].join("\n");
    const { exitCode, output } = await runOffline("dockyard/cuda:11.8-devel-bookworm", script);
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^built$/m);
    expect(output).toMatch(/^no driver libraries$/m);
  });

  it("does nothing, quickly, when the images are current", async () => {
    const idsBefore = await Promise.all([...BASE_IMAGES, PACKAGE_MIRROR_IMAGE].map(async (n) => (await inspect(n)).Id));
    const lines: string[] = [];
    const started = Date.now();
    const result = await ensureBaseImages({ log: (line) => lines.push(line) });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toEqual({ stale: [], seeded: false });
    expect(lines).toEqual([]);

    // The script itself (what `npm test` runs) is as idempotent and silent.
    const script = spawnSync("bash", [SEED_SCRIPT], { encoding: "utf8", timeout: 60_000, env: engineShellEnv() });
    expect(script.status, script.stderr).toBe(0);
    expect(script.stdout + script.stderr).toBe("");
    const idsAfter = await Promise.all([...BASE_IMAGES, PACKAGE_MIRROR_IMAGE].map(async (n) => (await inspect(n)).Id));
    expect(idsAfter).toEqual(idsBefore);
  });
});
