import { setTimeout as sleep } from "node:timers/promises";
import { RestartPolicy } from "./restart-policy";

/** One running instance of a part. */
export interface RunningPart {
  /** Its main process, named in the log (an operator, or a fault test, may need to find it). */
  pid: number;
  /** Settles when the instance has died or stopped, saying how ("SIGKILL", "code 1"). */
  exited: Promise<string>;
  /** Asks it to stop in its own orderly way (SIGTERM, PostgreSQL's fast shutdown). */
  requestStop(): void;
  /** Kills it and whatever it started, at once. */
  kill(): void;
}

/** Where a part's output goes: printed with the part's name unless `quiet`, and kept for a crash-loop message. */
export type PartOutput = (line: string, opts?: { quiet?: boolean }) => void;

export interface PartSpec {
  /** The prefix of its output lines: `[runner] …`. */
  name: string;
  /** What the supervisor's messages call it, first in a sentence: "the web server", "PostgreSQL". */
  title: string;
  start(output: PartOutput): Promise<RunningPart>;
  /** Gives up a start under way when the platform stops (a start may take a minute, longer than stopping may). */
  cancelStart?(): void;
}

interface SupervisorHooks {
  say(line: string): void;
  /** The part keeps dying; the platform stops with this message. */
  crashLoop(message: string): void;
}

/** Output lines kept per part, for the message that names a part in a crash loop. */
const TAIL_LINES = 15;

/**
 * A part of the platform that is started again whenever it dies, with a growing pause, until it dies too often
 * (scripts/supervisor/restart-policy.ts). Stopping it is bounded: an orderly stop, then a kill.
 */
export class SupervisedPart {
  private current: RunningPart | undefined;
  private starting: Promise<RunningPart | undefined> | undefined;
  private stopping = false;
  private readonly tail: string[] = [];
  constructor(
    private readonly spec: PartSpec,
    private readonly hooks: SupervisorHooks,
    private readonly policy = new RestartPolicy(),
  ) {}

  /** The first start: a failure is the caller's (the platform does not come up). */
  async start(): Promise<void> {
    const part = await this.spec.start(this.output);
    this.watch(part);
    this.hooks.say(`${this.spec.title} is up (pid ${part.pid})`);
  }

  /** Stops it: an orderly stop, a kill after `graceMs`; a start under way is awaited within the same time. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + graceMs;
    const part = this.current ?? (await this.withinMs(this.starting, graceMs));
    if (!part) {
      if (this.starting) this.spec.cancelStart?.();
      return;
    }
    part.requestStop();
    const kill = setTimeout(() => part.kill(), Math.max(0, deadline - Date.now()));
    await part.exited;
    clearTimeout(kill);
  }

  /** Kills what runs now, without waiting: the platform's last resort when stopping runs out of time. */
  kill(): void {
    this.stopping = true;
    if (this.current) this.current.kill();
    else if (this.starting) this.spec.cancelStart?.();
  }

  private readonly output: PartOutput = (line, opts) => {
    if (!opts?.quiet) process.stdout.write(`[${this.spec.name}] ${line}\n`);
    if (!line.trim()) return;
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  };

  private watch(part: RunningPart) {
    this.current = part;
    void part.exited.then((how) => {
      if (this.current === part) this.current = undefined;
      if (!this.stopping) void this.restart(`it exited (${how})`);
    });
  }

  private async restart(why: string): Promise<void> {
    const decision = this.policy.afterDeath(Date.now());
    if (!decision.restart) {
      const seconds = decision.windowMs / 1000;
      const last = this.tail.length ? this.tail.map((line) => `  ${line}`).join("\n") : "  (it printed nothing)";
      this.hooks.crashLoop(
        `${this.spec.title} keeps dying (${decision.restarts} restarts within ${seconds} s, and now ${why}); ` +
          `stopping the platform. Its last output:\n${last}`,
      );
      return;
    }
    this.hooks.say(`${this.spec.title} died: ${why}; starting it again in ${decision.delayMs / 1000} s`);
    await sleep(decision.delayMs);
    if (this.stopping) return;
    this.starting = this.spec.start(this.output).then(
      (part) => part,
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err ?? "no reason given");
        this.output(`could not start: ${message}`);
        if (!this.stopping) void this.restart(`it could not be started (${message})`);
        return undefined;
      },
    );
    const part = await this.starting;
    this.starting = undefined;
    if (!part) return;
    this.watch(part);
    // Stopping began while it started: stop() stops it if it was still waiting; asking twice does no harm.
    if (this.stopping) part.requestStop();
    else this.hooks.say(`${this.spec.title} is back (pid ${part.pid})`);
  }

  private async withinMs<T>(promise: Promise<T> | undefined, ms: number): Promise<T | undefined> {
    if (!promise) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    });
    const value = await Promise.race([promise, timeout]);
    clearTimeout(timer);
    return value;
  }
}
