import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { formatMiB, ifErrno } from "../core/lib";
import { LABEL_CREATED, ownerLabels } from "../owner-labels";
import { applyDockerignore } from "./apply-dockerignore";
import { createBuildCgroup } from "./build-cgroup";
import { type ContextFile, createBuildContext } from "./build-context";
import { type BuildNetwork, buildxNetworkArgs } from "./build-network";
import { type BuildScope, buildScopeArgs } from "./build-scope";
import { BuildProgress, type BuildStepRecord, dockerfileLineOfError } from "./buildkit-progress";
import { watchBuildDisk } from "./disk-watchdog";
import { EngineGoneFault, engineGoneInCliOutput } from "./docker-error";
import { dockerCliEnv, engineEndpoint } from "./engine";
import { setAsideSyntaxDirective, syntaxDirectiveNotice } from "./syntax-directive";

export interface BuildSecret {
  /** The id a `RUN --mount=type=secret,id=...` names. */
  id: string;
  value: string;
}

export interface BuildOptions {
  submissionId: string;
  tag: string;
  /** The whole build context as submitted; .dockerignore is applied here, as the docker CLI does. */
  files: ContextFile[];
  /** `--target`: build up to this stage. */
  target?: string;
  /** Secrets the exercise provides to `RUN --mount=type=secret`. */
  secrets?: BuildSecret[];
  memoryBytes: number;
  cpus: number;
  wallSeconds: number;
  /** Processes alive at once across the build's steps. */
  pids: number;
  /** Bytes the build's running steps may write to disk. */
  diskBytes: number;
  network: BuildNetwork;
  /** Whose cache mounts the build shares (a learner's own); without one, they are the build's alone. */
  scope?: BuildScope;
  onOutput: (text: string) => void;
}

/**
 * Asked after every progress update with BuildKit's records so far: once it answers true, the build has told its
 * caller what it wanted to know (the cache phase's "did the install run again?") and is cancelled.
 */
export type StopWhen = (steps: BuildStepRecord[]) => boolean;

export type BuildLimit = "time" | "pids" | "disk" | "memory";

export type BuildOutcome =
  | { kind: "built"; imageId: string; steps: BuildStepRecord[] }
  | {
      kind: "failed";
      message: string;
      steps: BuildStepRecord[];
      /** BuildKit's record of the step that failed, when a step did. */
      failedStep?: BuildStepRecord;
      /** The Dockerfile line BuildKit's error points at. */
      errorLine?: number;
      timedOut: boolean;
      limit?: BuildLimit;
    };

/** A build that may end early: cancelled on purpose once `stopWhen` held, with BuildKit's records up to then. */
export type ProbeOutcome = BuildOutcome | { kind: "stopped"; steps: BuildStepRecord[] };

/** How long buildx may take to cancel a build cleanly before it is killed. */
const CANCEL_GRACE_MS = 10_000;

/**
 * Runs one BuildKit build through `docker buildx build` (the Docker API's
 * BuildKit endpoint needs a gRPC session that dockerode does not speak), with
 * the learner's Dockerfile as written: heredocs, RUN --mount (cache, secret,
 * bind from other stages), COPY --chmod/--chown/--link, multi-stage with
 * parallel stages and --target. The context is streamed from memory as a tar,
 * never written to the host. Memory, CPU and processes are capped on the
 * build's own cgroup, disk by a watchdog, time by cancelling the build. Cache
 * mounts are shared only within the build's scope (build-scope.ts).
 * Resolves with the image id or the reason it failed, and BuildKit's record of
 * every step either way; rejects only when the engine itself could not be used.
 */
export async function buildImage(opts: BuildOptions): Promise<BuildOutcome> {
  return (await buildUntil(opts, () => false)) as BuildOutcome;
}

/** buildImage, cancelled as soon as `stopWhen` holds (it never holds once the build has finished or failed). */
export async function buildUntil(opts: BuildOptions, stopWhen: StopWhen): Promise<ProbeOutcome> {
  // Per submission, not per build: the cgroup parent is part of every RUN step's cache key, so the
  // cache phase's rebuilds must use the same one as the first build to be able to reuse its steps.
  const cgroup = await createBuildCgroup(opts.submissionId, {
    pids: opts.pids,
    memoryBytes: opts.memoryBytes,
    cpus: opts.cpus,
  });
  const disk = watchBuildDisk(cgroup, opts.diskBytes);
  const work = await mkdtemp(path.join(os.tmpdir(), "dockyard-build-"));
  try {
    const run = await runBuildx(opts, stopWhen, cgroup.parent, work, () => cgroup.killAll());
    if (run.kind !== "failed") return run;
    const hit = await cgroup.hitLimit();
    if (disk.exceeded) {
      return {
        ...run,
        limit: "disk",
        message:
          `A build step wrote more than ${formatMiB(opts.diskBytes)} to disk and ` +
          `was stopped: that is the limit for a build here.`,
      };
    }
    if (hit.pids) {
      return {
        ...run,
        limit: "pids",
        message:
          `A build step started more than ${opts.pids} processes at once and could ` +
          `not start more (the limit for a build here): ${run.message}`,
      };
    }
    // 137 is SIGKILL: with the memory limit reached, the kernel's OOM killer sent it.
    if (hit.memory && !run.timedOut && /exit code: 137/.test(run.message)) {
      return {
        ...run,
        limit: "memory",
        message:
          `A build step used more than ${formatMiB(opts.memoryBytes)} of memory and ` +
          `was killed (the limit for a build here): ${run.message}`,
      };
    }
    return run;
  } finally {
    disk.stop();
    await rm(work, { recursive: true, force: true });
    // The build's outcome stands either way; the reaper removes build cgroups left empty.
    await cgroup.remove().catch((err: unknown) => {
      console.warn(`[build] could not remove the cgroup ${cgroup.parent}:`, err);
    });
  }
}

async function runBuildx(
  opts: BuildOptions,
  stopWhen: StopWhen,
  cgroupParent: string,
  work: string,
  killSteps: () => Promise<void>,
): Promise<ProbeOutcome> {
  const dockerfile = opts.files.find((f) => f.path === "Dockerfile")?.content ?? "";
  const syntax = setAsideSyntaxDirective(dockerfile);
  if (syntax.requested) opts.onOutput(syntaxDirectiveNotice(syntax.requested));
  const files = applyDockerignore(opts.files).map((f) =>
    f.path === "Dockerfile" ? { ...f, content: syntax.dockerfile } : f,
  );

  const iidFile = path.join(work, "image-id");
  const secretEnv: Record<string, string> = {};
  const secretArgs: string[] = [];
  (opts.secrets ?? []).forEach((secret, i) => {
    // Passed through the CLI's environment, never a file or an argument another process could read.
    secretEnv[`DOCKYARD_SECRET_${i}`] = secret.value;
    secretArgs.push("--secret", `id=${secret.id},env=DOCKYARD_SECRET_${i}`);
  });
  const args = [
    "buildx",
    "build",
    "--progress",
    "rawjson",
    "--tag",
    opts.tag,
    "--iidfile",
    iidFile,
    "--cgroup-parent",
    cgroupParent,
    // When the build ran: an image whose layers all came from cache carries an old creation time (BuildKit keeps
    // the cached one), which the reaper's age rule would otherwise take for a leftover of a long-dead job.
    ...Object.entries({ ...ownerLabels(opts.submissionId), [LABEL_CREATED]: String(Date.now()) }).flatMap(
      ([name, value]) => ["--label", `${name}=${value}`],
    ),
    ...buildxNetworkArgs(opts.network),
    ...buildScopeArgs(opts.scope),
    ...(opts.target ? ["--target", opts.target] : []),
    ...secretArgs,
    "-",
  ];

  const progress = new BuildProgress(opts.onOutput);
  const env = {
    ...dockerCliEnv(work),
    DOCKER_CONFIG: await privateCliConfig(work),
    ...secretEnv,
  } as unknown as NodeJS.ProcessEnv;
  const child = spawn(engineEndpoint().cli, args, { env, stdio: ["pipe", "ignore", "pipe"] });
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    // SIGINT makes buildx cancel the solve, which stops the running step; the kill is the backstop.
    child.kill("SIGINT");
    void killSteps();
    killTimer = setTimeout(() => child.kill("SIGKILL"), CANCEL_GRACE_MS);
  }, opts.wallSeconds * 1000);

  const exit = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    child.once("error", (err) => resolve({ code: null, spawnError: err }));
    child.once("close", (code) => resolve({ code }));
  });
  let stopped = false;
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    progress.push(chunk);
    if (!stopped && !timedOut && stopWhen(progress.steps())) {
      stopped = true;
      // As at the time limit: buildx cancels the solve, which stops the running step; the kill is the backstop.
      child.kill("SIGINT");
      killTimer = setTimeout(() => child.kill("SIGKILL"), CANCEL_GRACE_MS);
    }
  });
  child.stdin.on("error", () => {
    // buildx stops reading when it fails early (a parse error); its own error says why.
  });
  createBuildContext(files).pipe(child.stdin);

  const { code, spawnError } = await exit;
  clearTimeout(timer);
  clearTimeout(killTimer);
  progress.end();
  if (spawnError) throw new Error(`Could not run ${engineEndpoint().cli} buildx: ${spawnError.message}`);

  const steps = progress.steps();
  if (stopped) return { kind: "stopped", steps };
  if (timedOut) {
    return {
      kind: "failed",
      message: `The build was stopped after ${opts.wallSeconds} s, the time limit for a build.`,
      steps,
      failedStep: runningStep(steps),
      timedOut,
      limit: "time",
    };
  }
  const imageId = code === 0 ? (await readFile(iidFile, "utf8").catch(ifErrno(["ENOENT"], ""))).trim() : "";
  if (imageId) return { kind: "built", imageId, steps };

  const trailer = progress.trailer();
  const gone = engineGoneInCliOutput(trailer);
  if (gone) {
    const said = lastErrorLine(trailer) ?? trailer.trim().slice(-300);
    const what = gone === "lost" ? "went away during the build" : "did not answer the build";
    throw new EngineGoneFault(gone, `The Docker engine ${what}: ${said}`);
  }
  const failedStep = steps.find((s) => s.error && !/context canceled/.test(s.error)) ?? steps.find((s) => s.error);
  const errorLine = dockerfileLineOfError(trailer);
  const message = failedStep?.error ?? lastErrorLine(trailer) ?? `The build failed (buildx exited with code ${code}).`;
  return { kind: "failed", message, steps, failedStep, errorLine, timedOut: false };
}

/**
 * buildx keeps a record of every build in its config directory; one per
 * build, in the build's own temporary directory, keeps those from piling up
 * on a grader. It sees the engine's plugins through a link.
 */
async function privateCliConfig(work: string): Promise<string> {
  const dir = path.join(work, "docker-config");
  await mkdir(dir);
  const plugins = path.join(engineEndpoint().cliConfigDir, "cli-plugins");
  if (existsSync(plugins)) await symlink(plugins, path.join(dir, "cli-plugins"));
  return dir;
}

/** The step that was running when the build was stopped. */
function runningStep(steps: BuildStepRecord[]): BuildStepRecord | undefined {
  return steps.findLast((s) => s.started && !s.completed && s.index !== undefined) ?? steps.findLast((s) => s.error);
}

function lastErrorLine(trailer: string): string | undefined {
  const line = trailer
    .split("\n")
    .filter((l) => l.startsWith("ERROR: "))
    .at(-1);
  return line?.replace(/^ERROR: (failed to solve: )?/, "").trim() || undefined;
}
