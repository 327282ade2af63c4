"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { focusOnArrival } from "@/components/http/focus-result";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useHydrated } from "@/components/http/use-hydrated";
import { useRequest } from "@/components/http/use-request";
import { DATE_TIME } from "@/components/local-time/local-time";
import type { CopySource } from "@/lib/classes/next-term";
import { daysUntil, describeShift, MAX_SHIFT_DAYS, shiftLocal } from "@/lib/classes/term-shift";
import { ClassFields, classFields } from "./create-class-form";

/** How many assignments the preview shows moved. */
const PREVIEW = 3;

function formatDate(iso: string, days: number): string {
  return new Intl.DateTimeFormat(undefined, DATE_TIME).format(shiftLocal(new Date(iso), days));
}

/**
 * Copies the class for the next term, every date moved by weeks or days or so the first assignment is due on a day,
 * with the first moved dates previewed in the copier's own time zone (the server keeps their wall-clock times). On
 * success the new class's page opens, its heading taking the focus; a refusal takes the focus where it is said.
 */
export function CopyClassForm({ source }: { source: CopySource }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const ids = useId();
  const [mode, setMode] = useState<"by" | "first">("by");
  const [amount, setAmount] = useState("");
  const [unit, setUnit] = useState<"weeks" | "days">("weeks");
  const [firstDue, setFirstDue] = useState("");
  const { busy, send, refuse, refusal } = useRequest();
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "";

  const first = source.assignments[0];
  const days = shiftDays();
  const valid = days !== null && Number.isInteger(days) && Math.abs(days) <= MAX_SHIFT_DAYS;

  function shiftDays(): number | null {
    if (mode === "first") return first && firstDue ? daysUntil(new Date(first.dueAt), firstDue) : null;
    if (amount.trim() === "") return null;
    const n = Number(amount);
    return Number.isFinite(n) ? (unit === "weeks" ? n * 7 : n) : null;
  }

  function summary(): string {
    if (days === null) return "Say how far every date moves.";
    if (!valid) return `The dates move by a whole number of days, at most ${MAX_SHIFT_DAYS} either way.`;
    if (!first) return `Dates move ${describeShift(days)}; the class has no assignments to copy.`;
    return (
      `Every date moves ${describeShift(days)}` +
      `${days === 0 ? "" : `: the first due date becomes ${formatDate(first.dueAt, days)}`}.`
    );
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) return refuse(summary());
    const form = new FormData(event.currentTarget);
    const answer = await send<{ id: string; assignments: number; days: number }>(
      "POST",
      `/api/instructor/classes/${encodeURIComponent(source.classId)}/copy`,
      { ...classFields(form), days, timeZone: zone, copyStaff: form.get("copyStaff") === "on" },
    );
    if (!answer) return;
    const page = `/instructor/classes/${encodeURIComponent(answer.data.id)}`;
    focusOnArrival(page);
    router.push(`${page}?copied=${answer.data.assignments}&days=${answer.data.days}`);
  }

  return (
    <form onSubmit={submit} className="mt-3 max-w-3xl space-y-3" data-testid="copy-class">
      <div className="flex flex-wrap gap-3">
        <ClassFields id={ids} nameLabel="Name of the new class" name={source.name} />
      </div>

      <fieldset>
        <legend className="text-sm font-medium">Move every date</legend>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-1">
            <input type="radio" name="mode" checked={mode === "by"} onChange={() => setMode("by")} />
            By a number of weeks or days:
          </label>
          <input
            aria-label="How far the dates move"
            type="number"
            step={1}
            value={amount}
            disabled={mode !== "by"}
            onChange={(e) => setAmount(e.target.value)}
            className={`${FIELD} w-24`}
          />
          <select
            aria-label="Unit"
            value={unit}
            disabled={mode !== "by"}
            onChange={(e) => setUnit(e.target.value === "days" ? "days" : "weeks")}
            className={FIELD}
          >
            <option value="weeks">weeks</option>
            <option value="days">days</option>
          </select>
        </div>
        {first && (
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-1">
              <input type="radio" name="mode" checked={mode === "first"} onChange={() => setMode("first")} />
              So that the first due date ({first.title}) is on:
            </label>
            <input
              aria-label="New first due date"
              type="date"
              value={firstDue}
              disabled={mode !== "first"}
              onChange={(e) => setFirstDue(e.target.value)}
              className={FIELD}
            />
          </div>
        )}
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Dates move by whole days in your time zone{zone && ` (${zone})`}, keeping their time of day, also across a
          change to or from daylight saving time.
        </p>
      </fieldset>

      <p role="status" className="text-sm" data-testid="copy-shift-summary">
        {hydrated ? summary() : ""}
      </p>
      {hydrated && valid && days !== null && source.assignments.length > 0 && (
        <ul aria-label="Moved dates, first assignments" className="list-disc pl-5 text-sm" data-testid="copy-preview">
          {source.assignments.slice(0, PREVIEW).map((a) => (
            <li key={`${a.title}-${a.dueAt}`}>
              {a.title}: due {formatDate(a.dueAt, 0)} → <strong>{formatDate(a.dueAt, days)}</strong>
            </li>
          ))}
          {source.assignments.length > PREVIEW && <li>and {source.assignments.length - PREVIEW} more the same way</li>}
        </ul>
      )}

      {source.otherStaff > 0 && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="copyStaff" defaultChecked />
          Bring the other {source.otherStaff === 1 ? "member" : `${source.otherStaff} members`} of the staff along
          (instructors and teaching assistants keep their parts)
        </label>
      )}

      <p className="text-sm text-slate-600 dark:text-slate-400">
        Copied: every assignment with its late policy, early credit, time limit and rubric. Not copied: learners,
        extensions, overrides, submissions and grades. The new class gets its own join code.{" "}
        {source.linked
          ? "It is not linked to this class's LMS course: link the new term's course from your LMS."
          : "An LMS course is linked afresh from the LMS."}
      </p>

      <button type="submit" disabled={busy || !hydrated} className={PRIMARY_BUTTON}>
        Copy to a new class
      </button>
      {refusal("text-sm")}
    </form>
  );
}
