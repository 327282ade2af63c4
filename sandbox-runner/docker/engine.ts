import { homedir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { runnerSettings } from "../core/lib";

/** Must match DOCKYARD_ENGINE_SOCKET in scripts/engine/engine-env.sh. */
export const OWN_ENGINE_SOCKET = "/run/dockyard-engine/docker.sock";
/** Must match DOCKYARD_ENGINE_NETNS in scripts/engine/engine-env.sh: where Dockyard's own engine and bridges live. */
export const OWN_ENGINE_NETNS = "/run/netns/dockyard-engine";

export interface EngineEndpoint {
  /** What DOCKER_HOST means for the CLI and for dockerode. */
  dockerHost: string;
  /** The docker CLI that builds (buildx) and validates Compose files. */
  cli: string;
  /** DOCKER_CONFIG for that CLI: where its plugins are. */
  cliConfigDir: string;
  /** Dockyard's own engine (in its own network namespace) rather than an operator's. */
  own: boolean;
}

/**
 * The one place that decides which engine grades: the operator's DOCKER_HOST,
 * or else Dockyard's own engine with its own CLI and plugins, so a stray
 * older `docker` or ~/.docker on the host never takes part.
 */
export function engineEndpoint(): EngineEndpoint {
  const { DOCKER_HOST, DOCKER_CONFIG, DOCKYARD_ENGINE_HOME } = runnerSettings();
  if (DOCKER_HOST && DOCKER_HOST !== `unix://${OWN_ENGINE_SOCKET}`) {
    return {
      dockerHost: DOCKER_HOST,
      cli: "docker",
      cliConfigDir: DOCKER_CONFIG ?? path.join(homedir(), ".docker"),
      own: false,
    };
  }
  return {
    dockerHost: `unix://${OWN_ENGINE_SOCKET}`,
    cli: path.join(DOCKYARD_ENGINE_HOME, "bin", "docker"),
    cliConfigDir: path.join(DOCKYARD_ENGINE_HOME, "config"),
    own: true,
  };
}

/** The environment a docker CLI child runs with: nothing of the runner's own beyond what it needs. */
export function dockerCliEnv(home: string): Record<string, string> {
  const endpoint = engineEndpoint();
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    DOCKER_HOST: endpoint.dockerHost,
    DOCKER_CONFIG: endpoint.cliConfigDir,
    // The CLI would otherwise ask the user's shell for a build context or hint at Docker Desktop.
    DOCKER_CLI_HINTS: "false",
    BUILDX_NO_DEFAULT_ATTESTATIONS: "1",
  };
}

/**
 * The environment of a shell script that calls `docker` by name (the base-image seeding): the caller's own
 * environment, with the grading engine's CLI first on PATH and its address and plugin directory set, as
 * scripts/engine/engine-env.sh sets them for the shell entry points.
 */
export function engineShellEnv(): NodeJS.ProcessEnv {
  const endpoint = engineEndpoint();
  const inherited = process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin";
  return {
    ...process.env,
    PATH: endpoint.own ? `${path.dirname(endpoint.cli)}:${inherited}` : inherited,
    DOCKER_HOST: endpoint.dockerHost,
    DOCKER_CONFIG: endpoint.cliConfigDir,
  };
}

let client: Docker | undefined;

/** dockerode connected to the grading engine. */
export function engineClient(): Docker {
  if (!client) {
    const host = engineEndpoint().dockerHost;
    client = host.startsWith("unix://") ? new Docker({ socketPath: host.slice("unix://".length) }) : new Docker();
  }
  return client;
}
