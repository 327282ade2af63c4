import type Docker from "dockerode";
import { z } from "zod";
import { AppError } from "../../lib/errors/app-error";
import { BUILD_NETWORK } from "../images/base-images";
import { LABEL_MANAGED } from "../limits";

/**
 * The engine runs with --iptables=false, so Docker's usual isolation of an
 * --internal network (iptables DROP rules) is absent, and the host forwards
 * IPv4. What keeps builds in: the bridge gets no IPv4 address on the host
 * (inhibit_ipv4), so a container on it can reach the other containers on the
 * bridge and nothing else, neither the host nor, through it, the outside.
 */
const NETWORK_OPTIONS = { "com.docker.network.bridge.inhibit_ipv4": "true" } as const;

const networkSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Created: z.string(),
  Internal: z.boolean(),
  Options: z.record(z.string(), z.string()).nullish(),
});
type NetworkInfo = z.infer<typeof networkSchema>;

/** The `networkmode` of a learner's build: the internal network where only the package mirror answers. */
export function buildNetworkMode(): string {
  return BUILD_NETWORK;
}

/**
 * Creates the build network unless it exists, and checks that an existing one
 * is isolated. Safe when several processes call it at once: the engine does
 * not make network names unique atomically, so after creating, every caller
 * keeps the oldest network of that name and removes the others.
 */
export async function ensureBuildNetwork(docker: Docker): Promise<NetworkInfo> {
  let networks = await listBuildNetworks(docker);
  if (networks.length === 0) {
    await createBuildNetwork(docker);
    networks = await listBuildNetworks(docker);
  }
  const [kept, ...duplicates] = networks.sort(
    (a, b) => Date.parse(a.Created) - Date.parse(b.Created) || a.Id.localeCompare(b.Id),
  );
  if (!kept) throw new AppError("INTERNAL", `The Docker network ${BUILD_NETWORK} could not be created.`);
  await Promise.all(duplicates.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  assertIsolated(kept);
  return kept;
}

async function listBuildNetworks(docker: Docker): Promise<NetworkInfo[]> {
  // The name filter matches substrings; keep exact matches only.
  const found = await docker.listNetworks({ filters: { name: [BUILD_NETWORK] } });
  return found.map((n) => networkSchema.parse(n)).filter((n) => n.Name === BUILD_NETWORK);
}

async function createBuildNetwork(docker: Docker): Promise<void> {
  try {
    await docker.createNetwork({
      Name: BUILD_NETWORK,
      Driver: "bridge",
      Internal: true,
      CheckDuplicate: true,
      Options: { ...NETWORK_OPTIONS },
      Labels: { [LABEL_MANAGED]: "true", "dockyard.role": "build-network" },
    });
  } catch (err) {
    // Another process created it first.
    if ((err as { statusCode?: unknown }).statusCode !== 409) throw err;
  }
}

function assertIsolated(network: NetworkInfo): void {
  const inhibited = network.Options?.["com.docker.network.bridge.inhibit_ipv4"] === "true";
  if (!network.Internal || !inhibited) {
    throw new AppError(
      "INTERNAL",
      `The Docker network ${BUILD_NETWORK} exists but is not isolated (internal: ${network.Internal}, ` +
        `host address inhibited: ${inhibited}); builds on it could reach the outside. Remove it with ` +
        `\`docker network rm ${BUILD_NETWORK}\` and let the runner create it again.`,
      { network: network.Id },
    );
  }
}
