"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendForProblem } from "@/components/http/send-json";
import { LocalTime } from "@/components/local-time/local-time";
import { describeExtraTime, formatDuration, type WindowState } from "@/lib/timed/timed-clock";
import type { StaffTimedRow } from "@/lib/timed/timed-staff";
import { LearnerSelect } from "./learner-select";

/** One learner's window as the assignments page hands it over (dates as ISO strings). */
type LearnerWindow = Omit<StaffTimedRow, "startedAt" | "endsAt" | "closedAt"> & {
  startedAt: string | null;
  endsAt: string | null;
};

const STATE: Record<WindowState, string> = { "not-started": "not started", running: "running", finished: "finished" };
const field = "rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900";

/**
 * A timed assignment's learners: each one's window (started at, time used, extra time, state), and, for the class's
 * instructors, extra time for one learner with why (an accommodation; the log keeps it). A running window moves
 * with it at once.
 */
export function TimedWindows({
  base,
  limitMinutes,
  windows,
  canManage,
}: {
  /** The assignment's API address. */
  base: string;
  limitMinutes: number;
  windows: LearnerWindow[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [learner, setLearner] = useState("");
  const [percent, setPercent] = useState("0");
  const [minutes, setMinutes] = useState("0");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState("");

  async function give(event: React.FormEvent) {
    event.preventDefault();
    setSaid("");
    const body = { extraPercent: Number(percent), extraMinutes: Number(minutes), reason };
    const problem = await sendForProblem("PUT", `${base}/extra-time/${learner}`, body);
    setError(problem);
    if (problem) return;
    const name = windows.find((w) => w.userId === learner)?.name ?? "The learner";
    setSaid(`${name} now has ${describeExtraTime(body)} extra time.`);
    setReason("");
    router.refresh();
  }

  const running = windows.filter((w) => w.state === "running").length;
  return (
    <details className="mt-2 text-sm" data-testid="timed-windows">
      <summary className="cursor-pointer">
        Timed: {limitMinutes} minutes · {running} running, {windows.filter((w) => w.state === "finished").length}{" "}
        finished
      </summary>
      <ul className="mt-1 space-y-1">
        {windows.map((w) => (
          <li key={w.userId} data-learner={w.userId} data-state={w.state}>
            <span className="font-medium">{w.name}</span>: {STATE[w.state]}
            {w.startedAt && (
              <>
                , started <LocalTime iso={w.startedAt} />
              </>
            )}
            {w.secondsUsed !== null && <>, time used {formatDuration(w.secondsUsed)}</>}
            {w.closedReason === "handed-in" && " (handed in)"}
            {w.closedReason === "finished" && " (finished early)"}
            {(w.extra.extraPercent > 0 || w.extra.extraMinutes > 0) && (
              <span className="text-slate-600 dark:text-slate-400">
                {" "}
                · extra time {describeExtraTime(w.extra)}
                {w.extra.reason && ` (${w.extra.reason})`}
              </span>
            )}
          </li>
        ))}
      </ul>
      {canManage && windows.length > 0 && (
        <form onSubmit={give} className="mt-2 flex flex-wrap items-end gap-2" aria-label="Extra time">
          <LearnerSelect
            learners={windows.map((w) => ({ id: w.userId, name: w.name }))}
            value={learner}
            onChange={setLearner}
            className={field}
          />
          <label>
            Extra %{" "}
            <input
              type="number"
              min={0}
              max={300}
              required
              value={percent}
              onChange={(e) => setPercent(e.target.value)}
              className={`${field} w-20`}
            />
          </label>
          <label>
            + minutes{" "}
            <input
              type="number"
              min={0}
              required
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              className={`${field} w-20`}
            />
          </label>
          <input
            required
            maxLength={500}
            placeholder="Reason"
            aria-label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={field}
          />
          <button type="submit" className="rounded border px-2 py-1">
            Give extra time
          </button>
        </form>
      )}
      <Alert className="mt-1" message={error} />
      <p role="status" className="mt-1">
        {said}
      </p>
    </details>
  );
}
