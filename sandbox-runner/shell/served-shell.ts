import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { type DiskWatchdog, watchContainerDisk } from "../docker/disk-watchdog";
import { engineMessage, ignoreStatus, isNotFound } from "../docker/docker-error";
import { LABEL_CREATED, LABEL_MANAGED, LABEL_RUNNER, LABEL_SHELL, LABEL_SUBMISSION } from "../owner-labels";
import { hardenedHostConfig } from "../run/create-run-container";
import { INPUT_DROPPED_NOTE, ServedSession, type ServedSessionContext } from "../sessions/served-session";
import { CLOSE_REASONS } from "./close-reasons";
import { loadExercise, type SHELL_LIMITS, typedSql } from "./lib";

/** What a shell may use and how long it lives: SHELL_LIMITS, shortened by tests. */
export type ShellHostLimits = Record<
  keyof Pick<
    typeof SHELL_LIMITS,
    | "perRunner"
    | "idleSeconds"
    | "totalSeconds"
    | "memoryBytes"
    | "cpus"
    | "pids"
    | "tmpBytes"
    | "outputBytes"
    | "pendingInputBytes"
  >,
  number
>;

export interface ShellContext extends ServedSessionContext {
  docker: Docker;
  runnerId: string;
  engineId: string;
  limits: ShellHostLimits;
}

/**
 * `bash` when the image has it, else `sh`; never a login shell, whose /etc/profile would reset the image's PATH.
 * Through /bin/sh either way: an image without it has no shell at all.
 */
const SHELL_ENTRYPOINT = ["/bin/sh", "-c", "command -v bash >/dev/null 2>&1 && exec bash || exec sh"];

/**
 * One shell this runner serves: a fresh container from the submission's kept image, attached to a terminal whose
 * output goes to the shell's event log and whose input comes from the learner's page. Closed (container removed,
 * session closed with a reason) on exit, idle, total time, output cap, the learner's request or the runner stopping.
 */
export class ServedShell extends ServedSession<ShellContext> {
  private container: Docker.Container | undefined;
  private stream: Duplex | undefined;
  private watchdog: DiskWatchdog | undefined;
  /** The terminal's size; the latest resize wins over the size the shell was requested with. */
  private size: { cols: number; rows: number } | undefined;
  private running = false;
  private diskExceeded = false;

  constructor(ctx: ShellContext, id: string, onClosed: () => void) {
    super(ctx, id, onClosed, {
      name: "shell",
      reasons: CLOSE_REASONS,
      inputDroppedNote: INPUT_DROPPED_NOTE,
      // A shell that printed its cap closes: its page could show no more.
      onOutputCap: (cap) => void this.close(CLOSE_REASONS.outputCap(cap)),
    });
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    if (!this.running) return;
    // 404/409: the container is going away; its close is on the way.
    ignoreStatus(this.container!.resize({ w: cols, h: rows }), 404, 409).catch((err: Error) =>
      this.log(`resize failed: ${err.message}`),
    );
  }

  protected async start(): Promise<string | undefined> {
    const { db, docker, limits } = this.ctx;
    const row = await typedSql(db)
      .selectFrom("sandbox_session as s")
      .innerJoin("submission as sub", "sub.id", "s.submissionId")
      .leftJoin("kept_image as k", "k.submissionId", "s.submissionId")
      .select(["s.cols", "s.rows", "s.submissionId", "sub.exerciseSlug", "k.tag", "k.engineId as keptEngine"])
      .where("s.id", "=", this.id)
      .executeTakeFirst();
    if (!row?.tag || row.keptEngine !== this.ctx.engineId) return CLOSE_REASONS.imageGone();
    // The exercise decides whether the shell may write to its root (read-only unless it needs to).
    const exercise = await loadExercise(row.exerciseSlug).catch((err: Error) => {
      this.log(`exercise ${row.exerciseSlug} did not load, read-only root: ${err.message}`);
      return undefined;
    });
    const readOnlyRootfs = exercise?.spec.shell.readOnlyRootfs ?? true;
    if (this.stopping) return undefined;
    try {
      this.container = await docker.createContainer({
        Image: row.tag,
        Entrypoint: SHELL_ENTRYPOINT,
        Cmd: [],
        Tty: true,
        OpenStdin: true,
        StdinOnce: false,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Env: ["TERM=xterm-256color"],
        Labels: {
          [LABEL_SHELL]: this.id,
          [LABEL_MANAGED]: "true",
          [LABEL_RUNNER]: this.ctx.runnerId,
          [LABEL_CREATED]: String(Date.now()),
          // A container inherits its image's labels: emptied, so a re-grade's cleanup or the submission rule of the
          // reaper never takes the shell's container for the submission's.
          [LABEL_SUBMISSION]: "",
        },
        HostConfig: {
          ...hardenedHostConfig(limits),
          ReadonlyRootfs: readOnlyRootfs,
          Tmpfs: { "/tmp": `rw,nosuid,nodev,size=${limits.tmpBytes}` },
        },
      });
    } catch (err) {
      if (isNotFound(err)) return CLOSE_REASONS.imageGone();
      throw err;
    }
    if (this.stopping) return undefined;
    const stream = (await this.container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as Duplex;
    this.stream = stream;
    // Typed before the attach: written first, so keystrokes keep their order (the engine holds them until start).
    this.io.attach({
      write: (data) => stream.write(data),
      get pendingInput() {
        return stream.writableLength;
      },
      onDrain: (listener) => stream.once("drain", listener),
      pause: () => stream.pause(),
      resume: () => stream.resume(),
    });
    stream.on("data", (chunk: Buffer) => this.io.output(chunk));
    const ended = new Promise<void>((resolve) => {
      stream.once("end", resolve);
      stream.once("close", resolve);
    });
    stream.on("error", (err) => this.log(`terminal stream: ${err.message}`));
    if (this.stopping) return undefined;
    try {
      await this.container.start();
    } catch (err) {
      if (/\/bin\/sh.*(no such file|not found)/i.test(engineMessage(err) ?? String(err)))
        return CLOSE_REASONS.noShell();
      throw err;
    }
    this.running = true;
    const size = this.size ?? row;
    this.resize(size.cols, size.rows);
    if (!readOnlyRootfs) {
      // A writable root has the same allowance as /tmp; overlay2 cannot cap it, so the watchdog stops the shell.
      this.watchdog = watchContainerDisk(docker, this.container.id, limits.tmpBytes, () => {
        this.diskExceeded = true;
      });
    }
    if (this.stopping) return undefined;
    const closed = await this.open();
    if (closed) return closed;
    const container = this.container;
    void Promise.all([container.wait(), ended]).then(
      ([exit]) =>
        this.close(
          this.diskExceeded
            ? CLOSE_REASONS.diskFull(limits.tmpBytes)
            : CLOSE_REASONS.exited((exit as { StatusCode?: number }).StatusCode),
        ),
      // Removed under us (the close below, or by hand): the close in progress, or this one, says why.
      () => this.close(CLOSE_REASONS.exited(undefined)),
    );
    return undefined;
  }

  protected async release(): Promise<undefined> {
    this.watchdog?.stop();
    // The terminal goes first: while its reading is paused (a flood waiting for the database), the engine's copy of
    // the container's output blocks, and removing the container would wait on it.
    this.stream?.destroy();
    if (this.container) {
      // 404: gone already; 409: the engine is removing it already.
      await ignoreStatus(this.container.remove({ force: true, v: true }), 404, 409).catch((err: Error) =>
        this.log(`removing its container failed (the reaper will retry): ${err.message}`),
      );
    }
    // A shell's ending is the one asked for: it has nothing to keep.
    return undefined;
  }
}
