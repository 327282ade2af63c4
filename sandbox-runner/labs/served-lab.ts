import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  INPUT_DROPPED_NOTE,
  ServedSession,
  type ServedSessionContext,
  type SessionEnding,
  type SessionMessage,
} from "../sessions/served-session";
import { SessionIo } from "../sessions/session-io";
import { engineSnapshotOf } from "./help-snapshot";
import type { KeepFate, KeptDisks, Resume } from "./kept-disks";
import type { LabAccount } from "./lab-accounts";
import {
  KEPT_LOST_NOTE,
  keptLabEnding,
  LAB_CLOSE_REASONS,
  labCheckerNote,
  labStartPhase,
  outputCapNote,
  resumedNote,
  tabClosedNote,
} from "./lab-close-reasons";
import { LAB_CPU_WEIGHT, LAB_NOTE_FILE } from "./lab-engine";
import { LabAnswerRefused, labEngineClients } from "./lab-engine-api";
import { writeLabHome } from "./lab-home";
import { labProbe } from "./lab-probe";
import { startLabTerminal, type Terminal, type TerminalSize } from "./lab-terminal";
import {
  appendSessionEvent,
  type EngineSnapshot,
  type Lab,
  labTasksDoneBefore,
  noteStarting,
  type SessionEvent,
  typedSql,
} from "./lib";
import { previewLabPort } from "./port-preview";
import { followLabEvents } from "./verify/lab-events";
import { labStateReader, type TaskStatus, watchTasks } from "./verify/watch-tasks";
import { type EngineSetup, type HeldEngine, type StartPhase, startHeldEngine, startKeptEngine } from "./warm-pool";

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
  /** Terminals a lab may have open at once, tabs included (TERMINAL_LIMITS.tabs). */
  tabs: number;
}

export interface LabContext extends ServedSessionContext {
  setup: EngineSetup;
  limits: LabHostLimits;
  /** Learners' kept labs: a lab resumes from one and is kept at its close. Without it labs are thrown away. */
  kept?: KeptDisks;
  /** The lab of a slug, or undefined when the content has none. */
  loadLab(slug: string): Promise<Lab | undefined>;
}

/** What a lab host notes in a lab's folder (LAB_NOTE_FILE): its next life keeps the lab if the runner dies. */
export interface LabNote {
  sessionId: string;
  account: string;
}

/**
 * Room the host set aside for a lab before claiming it: a warm engine, or an account to start one as (always, for a
 * lab that resumes kept work: a warm engine's disk is a new one).
 */
export type LabRoom = { kind: "warm"; held: HeldEngine } | { kind: "account"; account: LabAccount };

/** A task changes its standing at the engine's events; this re-read catches what no event announces (a health). */
const TASK_POLL_MS = 3000;
/** How often the lab's dockerd is looked for: gone, the lab has nothing left to offer. */
const ENGINE_CHECK_MS = 2000;
/** The same note from the task checker is said again after this long at the soonest. */
const CHECKER_NOTE_EVERY_MS = 60_000;
/** Previews of one lab running at once: each is a process in the lab, and its shells' processes are few. */
const PREVIEWS_AT_ONCE = 2;

/**
 * One lab this runner serves: an engine (warm or started for it) with the lab's files in its home, a terminal
 * whose output goes to the lab's event log and whose input comes from the learner's page, and a watcher that
 * writes each task's change of standing. Closed (engine stopped, account given back, session closed with a reason)
 * on the learner's request, the shell's exit, the idle or total limit, the engine's death or the runner stopping.
 */
export class ServedLab extends ServedSession<LabContext> {
  private held: HeldEngine | undefined;
  /** The account set aside to start an engine as, until the engine holds it. */
  private account: LabAccount | undefined;
  private terminal: Terminal | undefined;
  private size: TerminalSize | undefined;
  private stopWatching: (() => void) | undefined;
  private lastCheckerNote: { message: string; at: number } | undefined;
  private previews = 0;
  private readonly claimedAt = performance.now();
  /** The kept work this lab resumed, if it did. */
  private resumed: Resume | undefined;
  /** Its learner had kept work of this lab whose disk no host has: it starts afresh, and says so. */
  private keptLost = false;
  /** Whether the learner had the lab open: only then is there work of theirs to keep. */
  private opened = false;
  /** The learner's terminal tabs past the first, by number: each a shell of its own into the same engine. */
  private readonly tabs = new Map<number, { terminal: Terminal; io: SessionIo }>();

  constructor(ctx: LabContext, id: string, room: LabRoom, onClosed: () => void) {
    super(ctx, id, onClosed, {
      name: "lab",
      reasons: LAB_CLOSE_REASONS,
      inputDroppedNote: INPUT_DROPPED_NOTE,
      // Past the cap the shell still runs (a lab is more than its terminal); the learner is told once.
      onOutputCap: outputCapNote,
    });
    if (room.kind === "warm") this.held = room.held;
    else this.account = room.account;
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.terminal?.resize(this.size);
  }

  /** A lab's own messages: its other tabs, port previews and engine snapshots; the rest is every session's. */
  override control(message: SessionMessage): void {
    if (message.kind === "input" && message.terminal) this.tabInput(message.terminal, message.data);
    else if (message.kind === "resize" && message.terminal)
      this.tabResize(message.terminal, message.cols, message.rows);
    else if (message.kind === "close-terminal") this.tabs.get(message.terminal)?.terminal.close();
    else if (message.kind === "preview") this.preview(message.requestId, message.port, message.path);
    else if (message.kind === "snapshot") this.snapshot(message.helpId);
    else super.control(message);
  }

  /**
   * Keystrokes for a tab: the tab's shell starts at its first message (another bash in the lab's namespaces, as the
   * first terminal's), its output stored with its number. Typing in any tab keeps the lab from its idle limit.
   */
  private tabInput(terminal: number, data: string): void {
    const tab = this.tab(terminal);
    if (!tab) return;
    this.io.touch();
    tab.io.input(data);
  }

  private tabResize(terminal: number, cols: number, rows: number): void {
    const open = this.tabs.get(terminal);
    // A tab not yet open starts at this size.
    if (open) open.terminal.resize({ cols, rows });
    else this.tab(terminal, { cols, rows });
  }

  /** Tab `n`, started if the lab is open and it is not; undefined while the lab is not open. */
  private tab(n: number, size?: TerminalSize): { terminal: Terminal; io: SessionIo } | undefined {
    const engine = this.held?.engine;
    if (n < 1 || n >= this.ctx.limits.tabs || !engine || !this.opened || this.stopping) return undefined;
    const open = this.tabs.get(n);
    if (open) return open;
    const { db, limits } = this.ctx;
    const io = new SessionIo({
      name: `lab ${this.id} terminal ${n}`,
      limits,
      storeOutput: (text) => appendSessionEvent(db, this.id, { type: "output", data: { text, terminal: n } }),
      inputDroppedNote: INPUT_DROPPED_NOTE,
      onOutputCap: outputCapNote,
      // The lab's idle clock is the first terminal's, which every tab's keystrokes wind (tabInput).
      onIdle: () => undefined,
      log: this.ctx.log,
    });
    const terminal = startLabTerminal(engine, size ?? this.size ?? { cols: 80, rows: 24 });
    const tab = { terminal, io };
    this.tabs.set(n, tab);
    terminal.onOutput((chunk) => io.output(chunk));
    io.attach(terminal);
    void terminal.exited.then(async () => {
      // Its shell ended (exit, or the learner closed the tab): the tab is free to open again.
      if (this.tabs.get(n) === tab) this.tabs.delete(n);
      io.stop();
      await io.finish();
      // After all it printed, marked as the end: the page reopens the tab on a new shell at its next keystroke.
      if (!this.stopping)
        await appendSessionEvent(db, this.id, {
          type: "output",
          data: { text: tabClosedNote(n), terminal: n, ended: true },
        }).catch((err: Error) => this.log(`terminal ${n + 1}'s end lost: ${err.message}`));
    });
    return tab;
  }

  /** Asks the lab for `GET 127.0.0.1:<port><path>` and appends the answer as a `preview` event. */
  preview(requestId: string, port: number, path: string): void {
    const engine = this.held?.engine;
    const answer = async (
      data: Omit<Extract<SessionEvent, { type: "preview" }>["data"], "requestId" | "port" | "path">,
    ) =>
      appendSessionEvent(this.ctx.db, this.id, { type: "preview", data: { requestId, port, path, ...data } }).catch(
        (err: Error) => this.log(`preview answer lost: ${err.message}`),
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

  /**
   * Reports what the engine holds for the help request its learner just made, as the task checks read it: a
   * `snapshot` event of this session, which the web's course policy files in the request (lib/course-policy/). A lab
   * not open, or an engine that does not answer, is said so, never guessed.
   */
  private snapshot(helpId: string): void {
    const engine = this.held?.engine;
    const unread = (reason: string): EngineSnapshot => ({ kind: "unread", readAt: new Date().toISOString(), reason });
    void (async () => {
      let snapshot: EngineSnapshot;
      if (!engine || !this.opened || this.stopping) snapshot = unread("the lab was not open when you asked");
      else
        snapshot = await labStateReader(
          labEngineClients(engine.socket).api,
          labProbe(engine),
        )([])
          .then((state) => engineSnapshotOf(state, new Date()))
          .catch((err: Error) => unread(`the lab's engine did not answer: ${err.message}`));
      await appendSessionEvent(this.ctx.db, this.id, { type: "snapshot", data: { helpId, engine: snapshot } });
    })().catch((err: Error) => this.log(`help snapshot lost: ${err.message}`));
  }

  protected async start(): Promise<string | undefined> {
    const { db } = this.ctx;
    // A lab session always names its lab (the schema allows none for a shell's).
    const row = await typedSql(db)
      .selectFrom("sandbox_session")
      .select((s) => [s.ref("labSlug").$notNull().as("labSlug"), "cols", "rows"])
      .where("id", "=", this.id)
      .executeTakeFirst();
    const lab = row && (await this.ctx.loadLab(row.labSlug));
    if (!row || !lab) return LAB_CLOSE_REASONS.unknownLab(row?.labSlug ?? "?");
    if (this.account && !this.stopping) {
      const account = this.account;
      // From here the engine holds the account; a failed start gives it back itself.
      this.account = undefined;
      const taken = await this.ctx.kept?.take(this.id, account).catch(async (err: Error) => {
        await this.ctx.setup.accounts.give(account);
        throw err;
      });
      this.keptLost = taken === "lost";
      const resume = taken === "lost" ? undefined : taken;
      // The page says what the host is doing meanwhile (lab-close-reasons.ts labStartPhase).
      const onPhase = (phase: StartPhase, why?: string) => {
        if (phase === "again") this.log(`the first start failed (${why}); trying once more`);
        void noteStarting(this.ctx.db, this.id, labStartPhase(phase, why)).catch(() => undefined);
      };
      if (resume) {
        this.held = await startKeptEngine(this.ctx.setup, account, resume, { onPhase }).catch(async (err: Error) => {
          await this.ctx.kept?.giveBack(resume);
          throw err;
        });
        this.resumed = resume;
      } else {
        this.held = await startHeldEngine(this.ctx.setup, account, lab.spec.images, { onPhase });
      }
    }
    if (this.stopping || !this.held) return undefined;
    const { engine } = this.held;
    // Where a runner that died left this lab, its next life finds which session it was (keepLeftoverLabs).
    const note: LabNote = { sessionId: this.id, account: engine.account.user };
    await writeFile(path.join(engine.paths.root, LAB_NOTE_FILE), JSON.stringify(note), { mode: 0o600 });
    await engine.cgroup.setCpuWeight(LAB_CPU_WEIGHT.open);
    // Resumed work has the learner's own home: the lab's starting files would overwrite what they changed.
    if (!this.resumed) await writeLabHome(engine, lab.files);
    if (this.stopping) return undefined;
    // The watcher's history starts here, before the learner's first command and after everything the platform did to
    // start the engine (a resumed engine's containers starting or stopping are not the learner's): the engine reads
    // `since` to the nanosecond.
    const watchFrom = Date.now() / 1000;
    const terminal = startLabTerminal(engine, this.size ?? { cols: row.cols, rows: row.rows });
    this.terminal = terminal;
    // The shell's output waits until the lab is open and its notes are said: a resumed lab's note then comes before
    // bash's first prompt, never after it, where the learner would type under the note with no prompt in sight.
    let early: Buffer[] | undefined = [];
    terminal.onOutput((chunk) => (early ? early.push(chunk) : this.io.output(chunk)));
    void terminal.exited.then((code) => this.close(LAB_CLOSE_REASONS.shellExited(code)));
    // Typed before the shell existed: the terminal holds it until bash reads, in order.
    this.io.attach(terminal);
    const closed = await this.open();
    if (closed) return closed;
    this.opened = true;
    // Said once the lab is open, so the page shows it in the terminal the learner types in, before the shell's output.
    if (this.resumed) this.io.emit(resumedNote(this.resumed.row.keptAt));
    if (this.keptLost) this.io.emit(KEPT_LOST_NOTE);
    for (const chunk of early) this.io.output(chunk);
    early = undefined;
    const seconds = ((performance.now() - this.claimedAt) / 1000).toFixed(1);
    const from = this.resumed
      ? `, resumed from kept work${this.resumed.shift ? " kept under another account" : ""}`
      : this.held?.seeded
        ? ", from its account's seed"
        : "";
    this.log(`open on engine ${engine.id} as ${engine.account.user}, ${seconds} s after its claim${from}`);
    this.timers.push(
      setInterval(() => {
        if (!alive(engine.enginePid)) void this.close(LAB_CLOSE_REASONS.engineDied());
      }, ENGINE_CHECK_MS),
    );
    await this.watch(lab, watchFrom);
    return undefined;
  }

  /**
   * Each task's change of standing becomes a `task` event; the web's course policy records a task done as the
   * learner's (lib/course-policy/). The tasks
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
      resumed: this.resumed !== undefined,
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
    this.log(`reading its state failed: ${(err as Error).message}`);
    if (!(err instanceof LabAnswerRefused)) return;
    const now = Date.now();
    if (err.message === this.lastCheckerNote?.message && now - this.lastCheckerNote.at < CHECKER_NOTE_EVERY_MS) return;
    this.lastCheckerNote = { message: err.message, at: now };
    this.io.emit(labCheckerNote(err.message));
  }

  private taskChanged(status: TaskStatus): void {
    const data = {
      id: status.id,
      done: status.done,
      found: status.found,
      ...(status.hint ? { hint: status.hint } : {}),
    };
    void this.io.chain(() => appendSessionEvent(this.ctx.db, this.id, { type: "task", data }), "task event");
  }

  protected async release(ending: SessionEnding): Promise<SessionEnding> {
    this.stopWatching?.();
    this.terminal?.close();
    this.terminal?.resume();
    for (const { terminal } of this.tabs.values()) {
      terminal.close();
      terminal.resume();
    }
    await Promise.all([...this.tabs.values()].map((t) => t.terminal.exited));
    // The engine goes before the session closes: a learner who sees "closed" can start again and find room, and
    // finds their kept work there.
    let fate: KeepFate | undefined;
    const held = this.held;
    const kept = this.ctx.kept;
    if (held && kept && (this.opened || this.resumed)) {
      fate = await kept.keep(this.id, held.engine.account, (dest) => held.seal(dest));
      const size = fate.kept ? `, ${fate.bytes} bytes until ${fate.expiresAt.toISOString()}` : ` (${fate.why})`;
      this.log(`${fate.kept ? "kept" : "not kept"}${size}`);
    } else {
      await held?.release().catch((err: Error) => this.log(`stopping its engine: ${err.message}`));
    }
    if (this.account) await this.ctx.setup.accounts.give(this.account);
    if (this.terminal) await this.terminal.exited;
    // A lab that never opened had no work; its reason says why it did not.
    if (!this.opened && !this.resumed) return { to: "closed", reason: ending.reason };
    const titles = new Map<string, string>();
    for (const { labSlug } of fate?.kept ? fate.evicted : [])
      titles.set(labSlug, (await this.ctx.loadLab(labSlug))?.spec.title ?? labSlug);
    return keptLabEnding(ending, fate, (slug) => titles.get(slug) ?? slug);
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
