import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { z } from "zod";
import type { BuildNetwork } from "../docker/build-network";
import { ignoreNotFound, ignoreStatus, isNotFound } from "../docker/docker-error";
import { LABEL_MANAGED } from "../limits";
import { PlatformFault } from "../shared";
import {
  PACKAGE_MIRROR_CONTAINER,
  PACKAGE_MIRROR_IMAGE,
  PACKAGE_MIRROR_LOCAL_INDEX_URL,
  PACKAGE_MIRROR_PORT,
} from "./base-images";
import { execExitCode } from "./exec-exit-code";

export interface EnsurePackageMirrorOptions {
  /** How long the mirror may take to answer once started. */
  readyTimeoutMs?: number;
}

const CONFIG_LABEL = "dockyard.mirror-config";
const RETRY_MS = 250;
/** The engine's default bridge: the only network BuildKit's steps can share with the mirror. */
const MIRROR_NETWORK = "bridge";
// Asked from inside the mirror: proves the server answers its index.
const PROBE = [
  "python3",
  "-c",
  `import urllib.request; urllib.request.urlopen(${JSON.stringify(PACKAGE_MIRROR_LOCAL_INDEX_URL)}, timeout=3)`,
];

const containerInfoSchema = z.object({
  Image: z.string(),
  State: z.object({ Running: z.boolean() }),
  Config: z.object({ Labels: z.record(z.string(), z.string()).nullish() }),
  NetworkSettings: z.object({
    Networks: z
      .record(z.string(), z.object({ NetworkID: z.string().nullish(), IPAddress: z.string().nullish() }))
      .nullish(),
  }),
});

let ensuring: Promise<BuildNetwork> | undefined;

/**
 * Makes sure the package mirror runs on the engine's default bridge and
 * answers, and returns the build network that reaches it (its address on the
 * bridge). Idempotent and cheap when all is in place (a few inspects and one
 * exec); callers in one process share a run, and concurrent callers in other
 * processes are tolerated (409s from the engine mean someone else did it).
 * Needs the mirror image: run ensureBaseImages() first.
 */
export function ensurePackageMirror(docker: Docker, opts: EnsurePackageMirrorOptions = {}): Promise<BuildNetwork> {
  ensuring ??= ensureMirror(docker, opts.readyTimeoutMs ?? 30_000).finally(() => {
    ensuring = undefined;
  });
  return ensuring;
}

async function ensureMirror(docker: Docker, readyTimeoutMs: number): Promise<BuildNetwork> {
  const imageId = await mirrorImageId(docker);
  const options = createOptions(imageId);
  const container = docker.getContainer(PACKAGE_MIRROR_CONTAINER);

  const info = await inspect(container);
  const current =
    info !== undefined && info.Image === imageId && info.Config.Labels?.[CONFIG_LABEL] === options.Labels[CONFIG_LABEL];
  if (info && !current) await ignoreStatus(container.remove({ force: true }), 404, 409);
  if (!current) await ignoreStatus(docker.createContainer(options), 409);
  if (!current || !info.State.Running) await ignoreStatus(container.start(), 304);
  await waitUntilAnswering(container, readyTimeoutMs);
  const address = (await inspect(container))?.NetworkSettings.Networks?.[MIRROR_NETWORK]?.IPAddress;
  if (!address) {
    throw new PlatformFault(
      "docker",
      `The package mirror (${PACKAGE_MIRROR_CONTAINER}) has no address on the engine's ${MIRROR_NETWORK} network.`,
    );
  }
  return { mode: "mirror", mirrorAddress: address };
}

async function mirrorImageId(docker: Docker): Promise<string> {
  try {
    return ((await docker.getImage(PACKAGE_MIRROR_IMAGE).inspect()) as { Id: string }).Id;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const message = `The image ${PACKAGE_MIRROR_IMAGE} is missing; ensureBaseImages() seeds it.`;
    throw new PlatformFault("docker", message, { cause: err });
  }
}

function createOptions(imageId: string) {
  const hostConfig = {
    NetworkMode: MIRROR_NETWORK,
    RestartPolicy: { Name: "unless-stopped" },
    ReadonlyRootfs: true,
    CapDrop: ["ALL"],
    SecurityOpt: ["no-new-privileges"],
    // A static file server: little memory, few threads, bounded logs.
    Memory: 256 * 1024 * 1024,
    MemorySwap: 256 * 1024 * 1024,
    PidsLimit: 128,
    LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "2" } },
  };
  // A change to these settings in code replaces the running container.
  const config = createHash("sha256")
    .update(JSON.stringify([imageId, hostConfig]))
    .digest("hex");
  return {
    name: PACKAGE_MIRROR_CONTAINER,
    Image: PACKAGE_MIRROR_IMAGE,
    Labels: { [LABEL_MANAGED]: "true", "dockyard.role": "package-mirror", [CONFIG_LABEL]: config.slice(0, 16) },
    HostConfig: hostConfig,
  };
}

async function inspect(container: Docker.Container): Promise<z.infer<typeof containerInfoSchema> | undefined> {
  const info = await ignoreNotFound(container.inspect());
  return info && containerInfoSchema.parse(info);
}

async function waitUntilAnswering(container: Docker.Container, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      const result = await execExitCode(container, PROBE, 10_000);
      if (result.exitCode === 0) return;
      last = result.output.trim().split("\n").pop() ?? `exit code ${result.exitCode}`;
    } catch (err) {
      // Right after a start (or a concurrent replacement) the container may not accept execs yet.
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      throw new PlatformFault(
        "docker",
        `The package mirror (${PACKAGE_MIRROR_CONTAINER}) does not answer on port ${PACKAGE_MIRROR_PORT}: ${last}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
