import { type CheckOutcome, fail, pass, skipped } from "../grading/lib";
import type { HttpResponse } from "./container-prober";
import { type ExitFacts, type ExitHint, exitCodeHint } from "./exit-code-hint";
import { containerStarts, healthEndpoint } from "./run-check-specs";
import type { ContainerExit, StartupReport } from "./watch-startup";

const EXITED_BEFORE_PROBING = "Not measured: the container exited before it could be probed";
export const EXITED_REASON = `${EXITED_BEFORE_PROBING} (see "${containerStarts.title}").`;

/** correctness.container-starts from the start-up watch. */
export function containerStartsOutcome(
  report: StartupReport,
  tail: string[],
  memoryBytes: number,
  disk?: ExitFacts["disk"],
): CheckOutcome {
  const exit = report.exited;
  if (!exit) {
    const how =
      report.healthyAfterMs !== undefined
        ? `its health endpoint answered after ${seconds(report.healthyAfterMs)}`
        : `it was still running after ${seconds(report.watchedMs)}`;
    return pass(
      `The container started and kept running: ${how}.`,
      `watched ${report.watchedMs} ms, ${report.attempts} health request(s)`,
    );
  }
  const lastLines = tail.slice(-20).join("\n");
  const hint = exitCodeHint({ exitCode: exit.exitCode, oomKilled: exit.oomKilled, tail, memoryBytes, disk });
  if (exit.startError) return startErrorOutcome("the container's", exit, hint);
  return fail({
    message:
      `The container exited with code ${exit.exitCode} after ${seconds(exit.ranMs)}: ${hint.meaning}.` +
      (lastLines ? " Its last output is in the evidence." : " It printed nothing."),
    evidence: lastLines ? `last output:\n${lastLines}` : `exit code ${exit.exitCode}, no output`,
    fix: hint.fix,
  });
}

/** The engine could not start `whose` command at all: what it said, and what the exit code usually means. */
export function startErrorOutcome(whose: string, exit: ContainerExit, hint: ExitHint): CheckOutcome {
  return fail({
    message:
      `Docker could not start ${whose} command (exit code ${exit.exitCode}: ${hint.meaning}). ` +
      `The engine said: ${exit.startError}`,
    evidence: `exit code ${exit.exitCode}: ${exit.startError}`,
    fix: hint.fix,
  });
}

/** correctness.health-endpoint: a 200 from the health path within the deadline. */
export function healthOutcome(
  report: StartupReport,
  opts: { path: string; port: number; deadlineMs: number },
): CheckOutcome {
  const grace = report.busyGrace;
  const busy = grace
    ? ` The ${seconds(opts.deadlineMs)} deadline passed while the grading machine was busy (${grace.detail}), ` +
      `so the grader waited until ${seconds(grace.untilMs)}.`
    : "";
  const url = `http://127.0.0.1:${opts.port}${opts.path}`;
  if (report.healthyAfterMs !== undefined) {
    return pass(
      `GET ${opts.path} answered 200 after ${seconds(report.healthyAfterMs)} (request ${report.attempts}).${busy}`,
      `GET ${url} → 200 after ${report.healthyAfterMs} ms, ${report.attempts} request(s) at 500 ms intervals`,
    );
  }
  if (report.exited) return skipped(EXITED_REASON);
  const last = report.last;
  const within = `within ${seconds(grace?.untilMs ?? opts.deadlineMs)} (${report.attempts} requests)`;
  const evidence = last ? `last answer to GET ${url}: ${describeAnswer(last)}` : undefined;
  if (last?.error === "connection refused") {
    return fail({
      message:
        `Nothing is listening on port ${opts.port}: every GET ${opts.path} ${within} ` +
        `was refused. The requests come from inside the container, so a server ` +
        `listening on 127.0.0.1 would have answered too: the app is not listening on port ${opts.port} ` +
        `at all.${busy}`,
      evidence,
      fix:
        `Start the server on port ${opts.port} and bind it to 0.0.0.0 (e.g. ` +
        `\`uvicorn app:app --host 0.0.0.0 --port ${opts.port}\`), so that it is ` +
        `reachable from outside the container as well.`,
    });
  }
  if (last?.status != null) {
    return fail({
      message: `GET ${opts.path} answered ${last.status}, not 200, ${within}.${busy}`,
      evidence,
      fix: `Add a route for ${opts.path} that returns status 200 once the app is ready to serve.`,
    });
  }
  return fail({
    message: `GET ${opts.path} got no answer ${within}: ${last?.error ?? "no request completed"}.${busy}`,
    evidence,
    fix:
      `Make ${opts.path} answer quickly: do slow start-up work (like loading a ` +
      `model) before the server starts listening, or answer it without waiting ` +
      `for other work.`,
  });
}

/** security.read-only-rootfs-ok: only meaningful when the exercise runs the container read-only. */
export function readOnlyOutcome(report: StartupReport, readOnlyErrors: string[]): CheckOutcome {
  if (readOnlyErrors.length > 0) {
    return fail({
      message: `The app tried to write to the read-only root file system: ${readOnlyErrors[0]!.trim()}`,
      evidence: readOnlyErrors.join("\n"),
      fix:
        "Write temporary files and caches under /tmp (writable here, and a tmpfs " +
        "or volume in production), not next to your code; point libraries there " +
        "with environment variables such as `ENV HF_HOME=/tmp/hf`.",
    });
  }
  if (report.healthyAfterMs !== undefined) {
    return pass(
      `With a read-only root file system (only /tmp writable) the container ` +
        `started and answered its health check after ${seconds(report.healthyAfterMs)}.`,
    );
  }
  if (report.exited) return skipped(EXITED_REASON);
  return skipped(
    `Not measured: the health endpoint did not answer (see "${healthEndpoint.title}"), and the log shows no ` +
      "write to the read-only file system.",
  );
}

export function describeAnswer(answer: HttpResponse): string {
  if (answer.status == null) return answer.error ?? "no answer";
  const body = answer.body.trim().replace(/\s+/g, " ");
  return `${answer.status}${body ? ` ${body.length > 300 ? `${body.slice(0, 297)}...` : body}` : " (empty body)"}`;
}

/** "450 ms" under a second, "3.5 s" above. */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
