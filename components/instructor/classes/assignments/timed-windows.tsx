"use client";

import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { LocalTime } from "@/components/local-time/local-time";
import { describeExtraTime, formatDuration, type WindowState } from "@/lib/timed/timed-clock";
import type { StaffTimedRow } from "@/lib/timed/timed-staff";
import { useChange } from "../../use-change";
import { GRANT_FIELD, GrantForm } from "./learner-select";

/** One learner's window as the assignments page hands it over (dates as ISO strings). */
type LearnerWindow = Omit<StaffTimedRow, "startedAt" | "endsAt" | "closedAt"> & {
  startedAt: string | null;
  endsAt: string | null;
};

type Props = { base: string; limitMinutes: number; windows: LearnerWindow[]; canManage: boolean };

/**
 * A timed assignment's learners (`base`: its API address), each one's window; the class's instructors give one learner
 * extra time with why (an accommodation; the log keeps it), which a running window takes at once.
 */
export function TimedWindows({ base, limitMinutes, windows, canManage }: Props) {
  const [percent, setPercent] = useState("0");
  const [minutes, setMinutes] = useState("0");
  const { error, change } = useChange();
  const [said, setSaid] = useState("");

  async function give(learner: string, reason: string) {
    setSaid("");
    const body = { extraPercent: Number(percent), extraMinutes: Number(minutes), reason };
    if (!(await change("PUT", `${base}/extra-time/${learner}`, body))) return false;
    const name = windows.find((w) => w.userId === learner)?.name ?? "The learner";
    setSaid(`${name} now has ${describeExtraTime(body)} extra time.`);
    return true;
  }

  const count = (state: WindowState) => windows.filter((w) => w.state === state).length;
  return (
    <details className="mt-2 text-sm" data-testid="timed-windows">
      <summary className="cursor-pointer">
        Timed: {limitMinutes} minutes · {count("running")} running, {count("finished")} finished
      </summary>
      <ul className="mt-1 space-y-1">
        {windows.map((w) => (
          <li key={w.userId} data-learner={w.userId} data-state={w.state}>
            <span className="font-medium">{w.name}</span>: {w.state.replace("-", " ")}
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
        <GrantForm
          learners={windows.map((w) => ({ id: w.userId, name: w.name }))}
          label="Give extra time"
          ariaLabel="Extra time"
          onGrant={give}
        >
          <label>
            Extra %{" "}
            <input
              type="number"
              min={0}
              max={300}
              required
              value={percent}
              onChange={(e) => setPercent(e.target.value)}
              className={`${GRANT_FIELD} w-20`}
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
              className={`${GRANT_FIELD} w-20`}
            />
          </label>
        </GrantForm>
      )}
      <Alert className="mt-1" message={error} />
      <p role="status" className="mt-1">
        {said}
      </p>
    </details>
  );
}
