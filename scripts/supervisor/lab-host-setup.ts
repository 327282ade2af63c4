import { spawn } from "node:child_process";
import path from "node:path";
import { isErrno } from "../../lib/errors/errno";

/** A set-up script that failed: its exit and the last lines it printed, which say why. */
export class SetupScriptError extends Error {
  constructor(
    readonly script: string,
    readonly how: string,
    readonly lastLines: string,
  ) {
    super(lastLines || `${script} ${how}`);
    this.name = "SetupScriptError";
  }
}

const KEEP_CHARS = 4_000;
const STOP_GRACE_MS = 3_000;
/** Long enough for its apt-get to wait out another's lock (5 min) and try Debian's archive three times. */
const TIMEOUT_MS = 10 * 60_000;

/**
 * Makes this machine a lab host (scripts/labs/ensure-lab-host.sh: packages and lab accounts; idempotent, and it
 * retries Debian's archive itself). Runs in a process group of its own so that stopping the platform reaches its
 * apt-get too; the script finishes an interrupted dpkg run the next time.
 */
export function ensureLabHost(root: string, signal: AbortSignal): Promise<void> {
  const script = path.join(root, "scripts/labs/ensure-lab-host.sh");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script], { cwd: root, stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-KEEP_CHARS);
    });
    const group = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch (err) {
        // ESRCH: it has ended already.
        if (!isErrno(err, "ESRCH")) throw err;
      }
    };
    let kill: NodeJS.Timeout | undefined;
    const stop = () => {
      group("SIGTERM");
      kill = setTimeout(() => group("SIGKILL"), STOP_GRACE_MS);
    };
    signal.addEventListener("abort", stop, { once: true });
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, TIMEOUT_MS);
    child.once("error", (err) => reject(new SetupScriptError(script, `could not run: ${err.message}`, "")));
    child.once("close", (code, sig) => {
      signal.removeEventListener("abort", stop);
      clearTimeout(kill);
      clearTimeout(timeout);
      if (code === 0) return resolve();
      const how = timedOut
        ? `did not finish within ${TIMEOUT_MS / 60_000} minutes`
        : sig
          ? `was killed by ${sig}`
          : `exited with code ${code}`;
      reject(new SetupScriptError(script, how, timedOut ? `${script} ${how}` : stderr.trim()));
    });
  });
}
