import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type LabEngine, labExecArgs } from "./lab-engine";

/** The host's own Python (standard library only): the runner's Node has no pseudo-terminals. */
const PYTHON = "/usr/bin/python3";
const BRIDGE = fileURLToPath(new URL("./pty-bridge.py", import.meta.url));

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** A command on a pseudo-terminal of its own (pty-bridge.py), driven through pipes. */
export interface Terminal {
  /** Bytes the terminal printed, as they come; pause/resume hold them back while the reader is behind. */
  onOutput(listener: (chunk: Buffer) => void): void;
  pause(): void;
  resume(): void;
  /** Queues keystrokes; the terminal's own line editing, Ctrl-C included, acts on them. */
  write(data: string): void;
  /** Keystrokes written but not yet taken by the bridge: past an allowance the caller drops more. */
  readonly pendingInput: number;
  /** The next time the pending input has gone down, after a write that found it high. */
  onDrain(listener: () => void): void;
  resize(size: TerminalSize): void;
  /** The command's exit code (128 + signal when killed), once the terminal closed and its output was read. */
  readonly exited: Promise<number | null>;
  /** Hangs the terminal up and, if the bridge does not go at once, kills it. */
  close(): void;
}

/**
 * A learner's shell in a lab: interactive bash in the lab's namespaces as the lab's root, in /home/lab (the lab
 * engine's working directory, which `labExecArgs` keeps) with the lab's PATH, DOCKER_HOST and TERM. Interactive,
 * not a login shell: the lab's /etc/bash.bashrc gives it its prompt, and no profile resets its PATH.
 */
export function startLabTerminal(engine: LabEngine, size: TerminalSize): Terminal {
  return startTerminal(labExecArgs(engine, ["bash", "-i"]), size);
}

export function startTerminal(argv: readonly string[], size: TerminalSize): Terminal {
  // fd 3 carries resizes; a group of its own, so a signal to the runner's group never reaches the bridge. The
  // bridge's own complaints (never the command's, which go to the terminal) land in the runner's log.
  const child = spawn(PYTHON, [BRIDGE, String(size.cols), String(size.rows), "--", ...argv], {
    stdio: ["pipe", "pipe", "inherit", "pipe"],
    detached: true,
  });
  const control = child.stdio[3] as NodeJS.WritableStream;
  // A bridge that died has closed its pipes: writes after that must not throw into the runner.
  for (const stream of [child.stdin!, control]) stream.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", () => resolve(null));
    child.once("close", (code, signal) => resolve(signal ? null : code));
  });
  return {
    onOutput: (listener) => child.stdout!.on("data", listener),
    pause: () => child.stdout!.pause(),
    resume: () => child.stdout!.resume(),
    write: (data) => {
      if (child.stdin!.writable) child.stdin!.write(data);
    },
    get pendingInput() {
      return child.stdin!.writableLength;
    },
    onDrain: (listener) => child.stdin!.once("drain", listener),
    resize: ({ cols, rows }) => {
      if (control.writable) control.write(`${cols} ${rows}\n`);
    },
    exited,
    close: () => closeBridge(child),
  };
}

/** How long a hung-up bridge gets to end its command and print the rest before it is killed. */
const HANG_UP_GRACE_MS = 2000;

function closeBridge(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, HANG_UP_GRACE_MS);
  child.once("exit", () => clearTimeout(timer));
}
