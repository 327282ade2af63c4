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
