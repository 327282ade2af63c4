import type Docker from "dockerode";
import { warnUnlessStatus } from "../docker/docker-error";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../owner-labels";

export interface RunOnceOptions {
  image: string;
  cmd: string[];
  /** NAME=value pairs, as the engine takes them. */
  env?: string[];
  network: string;
  /** Extra /etc/hosts entries, e.g. the package mirror's name on the default bridge. */
  extraHosts?: string[];
  /** Goes into the dockyard.submission label, so leftovers can be found and removed. */
  owner: string;
  timeoutMs: number;
}

export interface RunOnceResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  elapsedMs: number;
}

/**
 * Runs a short-lived container to completion and removes it: for probes and
 * tests that need a fresh container on a given network.
 */
export async function runOnce(docker: Docker, opts: RunOnceOptions): Promise<RunOnceResult> {
  const container = await docker.createContainer({
    Image: opts.image,
    Cmd: opts.cmd,
    Env: opts.env,
    // A TTY merges stdout and stderr into one plain stream: no demuxing needed.
    Tty: true,
    Labels: { [LABEL_SUBMISSION]: opts.owner, [LABEL_MANAGED]: "true" },
    HostConfig: {
      NetworkMode: opts.network,
      ExtraHosts: opts.extraHosts,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
    },
  });
  const started = Date.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // 409: it exited just now by itself.
    void container.kill().catch(warnUnlessStatus("killing a container past its time limit", 409));
  }, opts.timeoutMs);
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const elapsedMs = Date.now() - started;
    const output = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
    return { exitCode: timedOut ? null : StatusCode, output, timedOut, elapsedMs };
  } finally {
    clearTimeout(timer);
    // The result stands either way: a container left behind carries the owner label, and the reaper removes it.
    await container.remove({ force: true }).catch(warnUnlessStatus("removing a finished container", 404));
  }
}
