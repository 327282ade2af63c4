import type pg from "pg";
import { appendLabEvent, type Lab, type LabEvent, labTasksDoneBefore, moveLab, recordLabTaskDone } from "../shared";
import { terminalOutputDecoder } from "../shell/terminal-output";
import type { LabAccount } from "./lab-accounts";
import { LAB_CLOSE_REASONS, LAB_INPUT_DROPPED_NOTE, labCheckerNote, outputCapNote } from "./lab-close-reasons";
import { LabAnswerRefused, labEngineClients } from "./lab-engine-api";
import { writeLabHome } from "./lab-home";
import { labProbe } from "./lab-probe";
import { startLabTerminal, type Terminal, type TerminalSize } from "./lab-terminal";
import { previewLabPort } from "./port-preview";
import { followLabEvents } from "./verify/lab-events";
import { labStateReader, type TaskStatus, watchTasks } from "./verify/watch-tasks";
import { type EngineSetup, type HeldEngine, startHeldEngine } from "./warm-pool";

/** What a lab may use and how long it lives: LAB_LIMITS, shortened by tests. */
export interface LabHostLimits {
  idleSeconds: number;
  totalSeconds: number;
  memoryBytes: number;
  pids: number;
  cpus: number;
  diskBytes: number;
  warmPool: number;
  outputBytes: number;
  pendingInputBytes: number;
}

export interface LabContext {
  db: pg.Pool;
  setup: EngineSetup;
  limits: LabHostLimits;
  /** The lab of a slug, or undefined when the content has none. */
  loadLab(slug: string): Promise<Lab | undefined>;
  log: (line: string) => void;
}

/** Room the host set aside for a lab before claiming it: a warm engine, or an account to start one as. */
export type LabRoom = { kind: "warm"; held: HeldEngine } | { kind: "account"; account: LabAccount };

/** Output is stored in batches: after this long without more, or once this much has gathered. */
const FLUSH_AFTER_MS = 5;
const FLUSH_AT_CHARS = 16 * 1024;
/** Stored batches in flight before the terminal is paused, so a flood waits for the database. */
const MAX_WRITES_IN_FLIGHT = 2;
/** A task changes its standing at the engine's events; this re-read catches what no event announces (a health). */
const TASK_POLL_MS = 3000;
/** How often the lab's dockerd is looked for: gone, the lab has nothing left to offer. */
const ENGINE_CHECK_MS = 2000;
/** The learner's last keystroke is stored at most this often (the web reads it to explain the idle limit). */
const LAST_INPUT_EVERY_MS = 30_000;
/** The same note from the task checker is said again after this long at the soonest. */
const CHECKER_NOTE_EVERY_MS = 60_000;
/** Previews of one lab running at once: each is a process in the lab, and its shells' processes are few. */
const PREVIEWS_AT_ONCE = 2;

interface SessionRow {
  labSlug: string;
  cols: number;
  rows: number;
}

/**
 * One lab this runner serves: an engine (warm or started for it) with the lab's files in its home, a terminal
 * whose output goes to the lab's event log and whose input comes from the learner's page, and a watcher that
 * writes each task's change of standing. Closed (engine stopped, account given back, session closed with a reason)
 * on the learner's request, the shell's exit, the idle or total limit, the engine's death or the runner stopping.
 */
export class ServedLab {
  private held: HeldEngine | undefined;
  /** The account set aside to start an engine as, until the engine holds it. */
  private account: LabAccount | undefined;
  private terminal: Terminal | undefined;
  private size: TerminalSize | undefined;
  private early: string[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private lastInputStored = 0;
  private stopWatching: (() => void) | undefined;
  private readonly decoder = terminalOutputDecoder();
  private pending = "";
  private flushTimer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  private writesInFlight = 0;
  private outputBytes = 0;
  private capped = false;
  private inputDropNoted = false;
  private lastCheckerNote: { message: string; at: number } | undefined;
  private previews = 0;
  private claimedAt = 0;
  private stopping = false;
  private started: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly ctx: LabContext,
    readonly id: string,
    private readonly onClosed: () => void,
  ) {}

  /** Starts the claimed lab in the background; whatever happens, it ends closed with a reason. */
  begin(room: LabRoom): void {
    this.claimedAt = performance.now();
    if (room.kind === "warm") this.held = room.held;
    else this.account = room.account;
    this.started = this.start().then(
      (failed) => {
        if (failed) void this.close(failed);
      },
      (err) => {
        this.ctx.log(`lab ${this.id}: could not start: ${(err as Error).message}`);
        void this.close(LAB_CLOSE_REASONS.couldNotStart());
      },
    );
  }

  /** Keystrokes or a paste piece, written to the terminal in the order they came. */
  input(data: string): void {
    if (this.stopping) return;
    const terminal = this.terminal;
    if (!terminal) {
      if (this.early.reduce((n, d) => n + d.length, data.length) <= this.ctx.limits.pendingInputBytes) {
        this.early.push(data);
      }
      return;
    }
    this.touch();
    // The shell reads slower than the learner sends: beyond the allowance the input is dropped, said once.
    if (terminal.pendingInput > this.ctx.limits.pendingInputBytes) {
      if (!this.inputDropNoted) {
        this.inputDropNoted = true;
        this.emit(LAB_INPUT_DROPPED_NOTE);
        terminal.onDrain(() => (this.inputDropNoted = false));
      }
      return;
    }
    terminal.write(data);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.terminal?.resize(this.size);
  }

  /** Asks the lab for `GET 127.0.0.1:<port><path>` and appends the answer as a `preview` event. */
  preview(requestId: string, port: number, path: string): void {
    const engine = this.held?.engine;
    const answer = async (data: Omit<Extract<LabEvent, { type: "preview" }>["data"], "requestId" | "port" | "path">) =>
      appendLabEvent(this.ctx.db, this.id, { type: "preview", data: { requestId, port, path, ...data } }).catch(
        (err: Error) => this.ctx.log(`lab ${this.id}: preview answer lost: ${err.message}`),
      );
    if (!engine || !this.terminal || this.stopping) {
      void answer({ status: null, body: "", error: "the lab is not open" });
      return;
    }
    if (this.previews >= PREVIEWS_AT_ONCE) {
      void answer({ status: null, body: "", error: "two previews are still waiting for an answer; try again" });
      return;
    }
    this.previews++;
    void previewLabPort(engine, { port, path })
      .catch((err: Error) => ({ status: null, body: "", error: err.message }))
      .then(answer)
      .finally(() => this.previews--);
  }

  /** Closes once: stops the engine, gives its account back, then closes the session with `reason`. */
  close(reason: string): Promise<void> {
    this.closing ??= this.teardown(reason);
    return this.closing;
  }

  /** Undefined once open; a close reason when the lab could not start. */
  private async start(): Promise<string | undefined> {
    const { db, limits } = this.ctx;
    const { rows } = await db.query<SessionRow>(`SELECT "labSlug", cols, rows FROM lab_session WHERE id = $1`, [
      this.id,
    ]);
    const row = rows[0];
    const lab = row && (await this.ctx.loadLab(row.labSlug));
    if (!row || !lab) return LAB_CLOSE_REASONS.unknownLab(row?.labSlug ?? "?");
    if (this.account && !this.stopping) {
      const account = this.account;
      // From here the engine holds the account; a failed start gives it back itself.
      this.account = undefined;
      this.held = await startHeldEngine(this.ctx.setup, account, lab.spec.images);
    }
    if (this.stopping || !this.held) return undefined;
    const { engine } = this.held;
    await writeLabHome(engine, lab.files);
    if (this.stopping) return undefined;
    // The watcher's history starts here, before the learner's first command (Unix seconds, one early for rounding).
    const watchFrom = Math.floor(Date.now() / 1000) - 1;
    const terminal = startLabTerminal(engine, this.size ?? { cols: row.cols, rows: row.rows });
    this.terminal = terminal;
    terminal.onOutput((chunk) => this.output(chunk));
    void terminal.exited.then((code) => this.close(LAB_CLOSE_REASONS.shellExited(code)));
    // Typed before the shell existed: the terminal holds it until bash reads, in order.
    for (const data of this.early.splice(0)) this.input(data);
    const opened = await moveLab(db, this.id, { to: "open" });
    // Closed meanwhile (the learner gave up, or a sweep): the engine goes; the reason given first stands.
    if (!opened.moved) return LAB_CLOSE_REASONS.closedByYou();
    const seconds = ((performance.now() - this.claimedAt) / 1000).toFixed(1);
    this.ctx.log(`lab ${this.id}: open on engine ${engine.id} as ${engine.account.user}, ${seconds} s after its claim`);
    this.touch();
    this.timers.push(
      setTimeout(() => void this.close(LAB_CLOSE_REASONS.total(limits.totalSeconds)), ms(limits.totalSeconds)),
      setInterval(() => {
        if (!alive(engine.enginePid)) void this.close(LAB_CLOSE_REASONS.engineDied());
      }, ENGINE_CHECK_MS),
    );
    await this.watch(lab, watchFrom);
    return undefined;
  }

  /**
   * Each task's change of standing becomes a `task` event, and a task done is recorded for the learner. The tasks
   * done in earlier sessions count as done (a task that needs one is judged), and the engine's events from the lab's
   * opening on feed the watcher's history.
   */
  private async watch(lab: Lab, since: number): Promise<void> {
    const { engine } = this.held!;
    const docker = labEngineClients(engine.socket);
    const tasks = lab.spec.tasks;
    const doneBefore = await labTasksDoneBefore(this.ctx.db, this.id);
    if (this.stopping) return;
    const watcher = watchTasks({
      tasks,
      doneBefore,
      readState: labStateReader(docker.api, labProbe(engine)),
      onChange: (status) => this.taskChanged(status),
      onError: (err) => this.stateUnread(err),
      intervalMs: TASK_POLL_MS,
    });
    const unfollow = followLabEvents(docker.events, watcher.observe, { since });
    this.stopWatching = () => {
      unfollow();
      watcher.stop();
    };
  }

  /**
   * A read of the lab's state failed. The engine stopping under a read is its own check's to report (it closes the
   * lab); an answer the checker refused (too large, too many containers) is the learner's to know, in the terminal,
   * once a minute at most: tasks keep their standing until a read succeeds.
   */
  private stateUnread(err: unknown): void {
    this.ctx.log(`lab ${this.id}: reading its state failed: ${(err as Error).message}`);
    if (!(err instanceof LabAnswerRefused)) return;
    const now = Date.now();
    if (err.message === this.lastCheckerNote?.message && now - this.lastCheckerNote.at < CHECKER_NOTE_EVERY_MS) return;
    this.lastCheckerNote = { message: err.message, at: now };
    this.emit(labCheckerNote(err.message));
  }

  private taskChanged(status: TaskStatus): void {
    const data = {
      id: status.id,
      done: status.done,
      found: status.found,
      ...(status.hint ? { hint: status.hint } : {}),
    };
    this.chain(async () => {
      if (status.done) await recordLabTaskDone(this.ctx.db, this.id, status.id);
      await appendLabEvent(this.ctx.db, this.id, { type: "task", data });
    }, "task event");
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    const idle = this.ctx.limits.idleSeconds;
    this.idleTimer = setTimeout(() => void this.close(LAB_CLOSE_REASONS.idle(idle)), ms(idle));
    if (Date.now() - this.lastInputStored < LAST_INPUT_EVERY_MS) return;
    this.lastInputStored = Date.now();
    this.ctx.db
      .query(`UPDATE lab_session SET "lastInputAt" = now() WHERE id = $1`, [this.id])
      .catch((err: Error) => this.ctx.log(`lab ${this.id}: storing the last keystroke's time failed: ${err.message}`));
  }

  private output(chunk: Buffer): void {
    // Past the cap the shell still runs: its output is read and dropped, so a long print never blocks the lab.
    if (this.capped) return;
    this.emit(this.decoder.write(chunk));
  }

  /** Queues sanitised text for the event log, within the output cap. */
  private emit(text: string): void {
    if (!text || this.capped) return;
    const cap = this.ctx.limits.outputBytes;
    const bytes = Buffer.byteLength(text);
    if (this.outputBytes + bytes > cap) {
      this.capped = true;
      // The part that still fits, cut at a character boundary, then the note said once.
      this.pending += Buffer.from(text)
        .subarray(0, cap - this.outputBytes)
        .toString("utf8")
        .replace(/\uFFFD+$/, "");
      this.pending += outputCapNote(cap);
      this.outputBytes = cap;
      void this.flush();
      return;
    }
    this.outputBytes += bytes;
    this.pending += text;
    if (this.pending.length >= FLUSH_AT_CHARS) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Stores what is pending, after every earlier write (one chain, so output stays in order). */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending) return this.writes;
    const text = this.pending;
    this.pending = "";
    return this.chain(() => appendLabEvent(this.ctx.db, this.id, { type: "output", data: { text } }), "output");
  }

  /** One write after every earlier one; while writes pile up the terminal is paused, so the shell waits. */
  private chain(write: () => Promise<unknown>, what: string): Promise<void> {
    this.writesInFlight++;
    if (this.writesInFlight >= MAX_WRITES_IN_FLIGHT) this.terminal?.pause();
    this.writes = this.writes
      .then(write)
      .then(
        () => undefined,
        (err: Error) => this.ctx.log(`lab ${this.id}: ${what} lost: ${err.message}`),
      )
      .finally(() => {
        this.writesInFlight--;
        if (this.writesInFlight < MAX_WRITES_IN_FLIGHT && !this.stopping) this.terminal?.resume();
      });
    return this.writes;
  }

  private async teardown(reason: string): Promise<void> {
    this.stopping = true;
    // A close asked for while the engine is starting waits for it, so it is never left behind.
    await this.started;
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.idleTimer);
    this.stopWatching?.();
    this.terminal?.close();
    this.terminal?.resume();
    // The engine goes before the session closes: a learner who sees "closed" can start again and find room.
    await this.held
      ?.release()
      .catch((err: Error) => this.ctx.log(`lab ${this.id}: stopping its engine: ${err.message}`));
    if (this.account) await this.ctx.setup.accounts.give(this.account);
    if (this.terminal) await this.terminal.exited;
    if (!this.capped) this.emit(this.decoder.end());
    await this.flush();
    await moveLab(this.ctx.db, this.id, { to: "closed", reason }).catch((err: Error) =>
      this.ctx.log(`lab ${this.id}: closing its session failed: ${err.message}`),
    );
    this.onClosed();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ms(seconds: number): number {
  return Math.round(seconds * 1000);
}
