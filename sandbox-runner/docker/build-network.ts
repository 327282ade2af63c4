import { PlatformFault } from "../core/lib";
import { PACKAGE_MIRROR_HOST } from "../images/base-images";

/**
 * Where a build's RUN steps may connect. BuildKit runs steps only on `none`,
 * `host` or the engine's default bridge, never on a named network, so
 * isolation lives in the engine's placement instead: Dockyard's engine runs in
 * a network namespace of its own with no uplink (scripts/ensure-docker.sh), so
 * a step there reaches no address outside it: not the internet, not this
 * machine's ports (the web app, PostgreSQL), not the Docker API (a unix socket
 * never mounted into a step). Inside it, the bridge forwards nothing from one
 * container to another (scripts/engine/build-isolation.nft), so concurrent
 * builds cannot reach each other either; the one address a step reaches is
 * the bridge's gateway, where the package mirror's port is published
 * (`mirrorAddress`). `host` is never used.
 */
export type BuildNetwork = { mode: "none" } | { mode: "mirror"; mirrorAddress: string };

export const NO_NETWORK: BuildNetwork = { mode: "none" };

/** The `docker buildx build` flags for a build network. */
export function buildxNetworkArgs(network: BuildNetwork): string[] {
  if (network.mode === "none") return ["--network", "none"];
  // The default bridge has no DNS of its own: the mirror's name goes into each step's /etc/hosts.
  return ["--network", "default", "--add-host", `${PACKAGE_MIRROR_HOST}=${network.mirrorAddress}`];
}

/**
 * A build step could not reach the package mirror, and a step's look at it right after confirmed it does not answer:
 * the platform's fault, never the learner's. The job waits for the mirror and grades again
 * (engine-comes-back.ts), or ends as a platform error that does not count.
 */
export class BuildNetworkFault extends PlatformFault {
  constructor(problem: string) {
    super("docker", `A build step could not reach the package mirror (${problem}).`);
    this.name = "BuildNetworkFault";
  }
}

/**
 * What pip, curl and resolvers print when a connection fails, whoever's address it was; and what pip prints when its
 * index gave it nothing, which is also all it says of an index it could not reach without retries (`--retries 0`).
 * Only a reason to look at the mirror: a step that printed it fails the learner when the mirror answers.
 */
export const INDEX_UNREACHED = new RegExp(
  [
    "from versions: none",
    "No matching distribution found",
    "Connection refused",
    "Connection reset",
    "Failed to establish a new connection",
    "NewConnectionError",
    "ConnectTimeoutError",
    "Read timed out",
    "connection broken by",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No route to host",
  ].join("|"),
  "i",
);
