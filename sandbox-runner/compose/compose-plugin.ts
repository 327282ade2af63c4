import os from "node:os";
import { dockerCliEnv, engineEndpoint } from "../docker/engine";
import { type CliResult, runCli } from "./run-cli";

/**
 * The environment the Compose CLI runs with: no variables of the runner (they
 * could be interpolated into a learner's file), only the engine's CLI config,
 * where its plugins are.
 */
export function composeCliEnv(home: string): Record<string, string> {
  return dockerCliEnv(home);
}

/** `docker compose` in the project folder `dir`, with none of the runner's environment (composeCliEnv). */
export function runCompose(dir: string, args: string[], timeoutMs: number): Promise<CliResult> {
  return runCli(engineEndpoint().cli, ["compose", "--project-directory", dir, ...args], {
    cwd: dir,
    env: composeCliEnv(dir),
    timeoutMs,
  });
}

export type ComposePlugin = { available: true; version: string } | { available: false; reason: string };

let detected: Promise<ComposePlugin> | undefined;

/**
 * Whether this grader has the Docker Compose v2 CLI plugin (`docker compose`),
 * asked once per process. Dockyard's own engine ships it; an operator's engine
 * may not. docker-compose v1 does not count: it implements the old file
 * formats, not the Compose Specification.
 */
export function detectComposePlugin(cli = engineEndpoint().cli): Promise<ComposePlugin> {
  detected ??= (async () => {
    const result = await runCli(cli, ["compose", "version", "--short"], {
      env: composeCliEnv(os.tmpdir()),
      timeoutMs: 10_000,
    });
    if (result.missing)
      return {
        available: false,
        reason:
          "The docker CLI is not installed on this grader, so `docker compose " +
          "config` was not run; the Compose Specification's schema stands in for it.",
      };
    const version = result.stdout.trim().replace(/^v/, "");
    if (result.exitCode !== 0 || !/^2\./.test(version)) {
      return {
        available: false,
        reason:
          "The Docker Compose v2 plugin is not installed on this grader, so `docker " +
          "compose config` was not run; the Compose Specification's schema stands in for it.",
      };
    }
    return { available: true, version };
  })();
  return detected;
}

/** Tests only: forget the cached answer. */
export function resetComposePluginDetection(): void {
  detected = undefined;
}
