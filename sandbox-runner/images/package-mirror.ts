import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { z } from "zod";
import { PlatformFault } from "../core/lib";
import type { BuildNetwork } from "../docker/build-network";
import { ignoreNotFound, ignoreStatus, isNotFound } from "../docker/docker-error";
import { engineEndpoint, OWN_ENGINE_NETNS } from "../docker/engine";
import { LABEL_MANAGED } from "../owner-labels";
import {
  PACKAGE_MIRROR_CONTAINER,
  PACKAGE_MIRROR_HOST,
  PACKAGE_MIRROR_IMAGE,
  PACKAGE_MIRROR_INDEX_URL,
  PACKAGE_MIRROR_LOCAL_INDEX_URL,
  PACKAGE_MIRROR_PORT,
} from "./base-images";
import { execExitCode } from "./exec-exit-code";
import { runOnce } from "./run-once";

export interface EnsurePackageMirrorOptions {
  /** How long the mirror may take to answer once started. */
  readyTimeoutMs?: number;
}

const CONFIG_LABEL = "dockyard.mirror-config";
const RETRY_MS = 250;
/** The engine's default bridge: the only network BuildKit's steps can share with the mirror. */
const MIRROR_NETWORK = "bridge";
const MIRROR_PORT = `${PACKAGE_MIRROR_PORT}/tcp`;
const askIndex = (url: string) => [
  "python3",
  "-c",
  `import urllib.request; urllib.request.urlopen(${JSON.stringify(url)}, timeout=3)`,
];
// Asked from inside the mirror: proves the server answers its index.
const PROBE = askIndex(PACKAGE_MIRROR_LOCAL_INDEX_URL);
/**
 * How long a build step's view of the mirror (buildStepReachesMirror) is trusted before the next job asks again. A
 * started mirror that answers inside its container may still be out of a build's reach (its published port, the
 * bridge after an engine restart), and a build that cannot reach it must not fail a learner.
 */
const REACH_TRUSTED_MS = 60_000;
/** How long the step's look may take: the index answers in milliseconds when it answers at all. */
const REACH_PROBE_MS = 10_000;
/** What the last look at the mirror from a build step's place found: when, and the problem (none: it answered). */
let lastReach: { at: number; problem?: string } | undefined;

const containerInfoSchema = z.object({
  Image: z.string(),
  State: z.object({ Running: z.boolean() }),
  Config: z.object({ Labels: z.record(z.string(), z.string()).nullish() }),
});

const networkInfoSchema = z.object({
  IPAM: z.object({ Config: z.array(z.object({ Gateway: z.string().nullish() })).nullish() }),
});

let ensuring: Promise<BuildNetwork> | undefined;

/**
 * Makes sure the package mirror runs on the engine's default bridge and
 * answers, and returns the build network that reaches it. Build steps reach
 * it at the bridge's gateway, where its port is published, not at its own
 * address: the engine forwards nothing from one bridge port to another, so
 * that concurrent builds' steps cannot reach each other
 * (scripts/engine/build-isolation.nft), and the gateway is the one address a
 * step can reach. Idempotent and cheap when all is in place (a few inspects
 * and one exec); callers in one process share a run, and concurrent callers
 * in other processes are tolerated (409s from the engine mean someone else did
 * it). Needs the mirror image: run ensureBaseImages() first.
 */
export function ensurePackageMirror(docker: Docker, opts: EnsurePackageMirrorOptions = {}): Promise<BuildNetwork> {
  ensuring ??= ensureMirror(docker, opts.readyTimeoutMs ?? 30_000).finally(() => {
    ensuring = undefined;
  });
  return ensuring;
}

async function ensureMirror(docker: Docker, readyTimeoutMs: number): Promise<BuildNetwork> {
  const imageId = await mirrorImageId(docker);
  const gateway = await bridgeGateway(docker);
  const options = createOptions(imageId, gateway);
  const container = docker.getContainer(PACKAGE_MIRROR_CONTAINER);

  const found = await ignoreNotFound(container.inspect());
  const info = found && containerInfoSchema.parse(found);
  const current =
    info !== undefined && info.Image === imageId && info.Config.Labels?.[CONFIG_LABEL] === options.Labels[CONFIG_LABEL];
  if (info && !current) await ignoreStatus(container.remove({ force: true }), 404, 409);
  if (!current) await ignoreStatus(docker.createContainer(options), 409);
  const started = !current || !info.State.Running;
  if (started) await ignoreStatus(container.start(), 304);
  await waitUntilAnswering(container, readyTimeoutMs);
  const network: BuildNetwork = { mode: "mirror", mirrorAddress: gateway };
  // Asked again after a start, after a problem, or once the last answer is old; a busy runner asks once a minute.
  if (started || !lastReach || lastReach.problem !== undefined || Date.now() - lastReach.at > REACH_TRUSTED_MS) {
    await waitUntilBuildsReach(docker, network, readyTimeoutMs);
  }
  return network;
}

/**
 * Whether a build step reaches the mirror now, asked the way a step would: a short-lived container on the engine's
 * default bridge, the mirror's name pointing at the gateway, fetching the index pip reads. Undefined when it
 * answered, else what went wrong. Remembered for `buildNetworkProblem` (the heartbeat reports it to /api/health).
 */
export async function buildStepReachesMirror(docker: Docker, network: BuildNetwork): Promise<string | undefined> {
  if (network.mode !== "mirror") return undefined;
  const run = await runOnce(docker, {
    image: PACKAGE_MIRROR_IMAGE,
    cmd: askIndex(PACKAGE_MIRROR_INDEX_URL),
    network: MIRROR_NETWORK,
    extraHosts: [`${PACKAGE_MIRROR_HOST}:${network.mirrorAddress}`],
    owner: "package-mirror-probe",
    timeoutMs: REACH_PROBE_MS,
  });
  const lastLine = run.output.trim().split("\n").at(-1)?.trim().slice(0, 300) || "no output";
  const problem = run.timedOut
    ? `a build step's request for ${PACKAGE_MIRROR_INDEX_URL} had no answer within ${REACH_PROBE_MS / 1000} s`
    : run.exitCode === 0
      ? undefined
      : `a build step could not fetch ${PACKAGE_MIRROR_INDEX_URL}: ${lastLine}`;
  lastReach = { at: Date.now(), problem };
  return problem;
}

/**
 * The mirror as builds see it, for the heartbeat (`/api/health`): what the last look from a build step's place found
 * (undefined when it answered), looking again in the background once that is older than REACH_TRUSTED_MS. Never
 * waits: a heartbeat that waited for a mirror could miss its lease.
 */
export function buildNetworkProblem(docker: Docker): string | undefined {
  if (!checking && (!lastReach || Date.now() - lastReach.at > REACH_TRUSTED_MS)) {
    checking = ensurePackageMirror(docker, { readyTimeoutMs: 5_000 })
      .then(
        () => undefined,
        (err: Error) => {
          // A failure before the step's look (no image, no container) is remembered the same way.
          if (!lastReach || Date.now() - lastReach.at > 1_000) lastReach = { at: Date.now(), problem: err.message };
        },
      )
      .finally(() => {
        checking = undefined;
      });
  }
  return lastReach?.problem;
}
let checking: Promise<void> | undefined;

async function waitUntilBuildsReach(docker: Docker, network: BuildNetwork, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = await buildStepReachesMirror(docker, network);
    if (problem === undefined) return;
    if (Date.now() > deadline) {
      throw new PlatformFault("docker", `The package mirror answers, but not where builds reach it: ${problem}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Where a process of this machine reaches the package mirror: its address, in the engine's network namespace. */
export interface PackageMirrorRoute {
  address: string;
  /** The network namespace to enter first (Dockyard's own engine has one); none: the host's own reaches it. */
  netns?: string;
}

/** ensurePackageMirror, for a process of this machine rather than a build step (a lab's relay to the mirror). */
export async function ensurePackageMirrorRoute(docker: Docker): Promise<PackageMirrorRoute> {
  const network = await ensurePackageMirror(docker);
  if (network.mode !== "mirror") throw new PlatformFault("docker", "The package mirror gave no address.");
  return { address: network.mirrorAddress, ...(engineEndpoint().own ? { netns: OWN_ENGINE_NETNS } : {}) };
}

/** The default bridge's IPv4 gateway: the engine's own address on it. */
async function bridgeGateway(docker: Docker): Promise<string> {
  const info = networkInfoSchema.parse(await docker.getNetwork(MIRROR_NETWORK).inspect());
  const gateway = info.IPAM.Config?.map((c) => c.Gateway).find((g) => g && !g.includes(":"));
  if (!gateway) {
    throw new PlatformFault(
      "docker",
      `The engine's ${MIRROR_NETWORK} network has no IPv4 gateway for the package mirror.`,
    );
  }
  return gateway;
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

function createOptions(imageId: string, gateway: string) {
  const hostConfig = {
    NetworkMode: MIRROR_NETWORK,
    // The gateway, never every address: on an operator's engine that would offer the mirror to the host's networks.
    PortBindings: { [MIRROR_PORT]: [{ HostIp: gateway, HostPort: String(PACKAGE_MIRROR_PORT) }] },
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
    ExposedPorts: { [MIRROR_PORT]: {} },
    HostConfig: hostConfig,
  };
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
