"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useHydrated } from "@/components/http/use-hydrated";
import { useRequest } from "@/components/http/use-request";
import type { AssignableItem } from "@/lib/classes/assignments";
import type { EarlyCredit, LatePolicy } from "@/lib/classes/late-policy";
import { MAX_TIME_LIMIT_MINUTES } from "@/lib/timed/timed-clock";
import { LatePolicyEditor, toDrafts, toEarlyCredit, toPolicy } from "./late-policy-editor";
import { GRANT_FIELD } from "./learner-select";
import { isoToLocalInput, localInputToIso } from "./local-datetime";

export interface AssignmentDraft {
  id: string;
  kind: AssignableItem["kind"];
  itemSlug: string;
  opensAt: string | null;
  dueAt: string;
  latePolicy: LatePolicy;
  earlyCredit: EarlyCredit;
  /** A timed assessment's limit; null: untimed. */
  timeLimitMinutes?: number | null;
}

const KIND_GROUP: Record<AssignableItem["kind"], string> = {
  exercise: "Exercises",
  lab: "Labs",
  quiz: "Lesson quizzes",
};
// max-w-full: an item's title as long as a lesson's would otherwise widen the page past a phone's width.
const field = `mt-1 block max-w-full ${GRANT_FIELD}`;
const NUMBER_FIELD = `mt-1 block w-28 ${GRANT_FIELD}`;

type Props = { classId: string; items: AssignableItem[]; initial?: AssignmentDraft; onDone?: () => void };

/** Creates an assignment, or changes `initial`; dates are typed in the browser's time zone and sent as ISO 8601. */
export function AssignmentForm({ classId, items, initial, onDone }: Props) {
  const router = useRouter();
  const [item, setItem] = useState(initial ? `${initial.kind}:${initial.itemSlug}` : "");
  const [opensAt, setOpensAt] = useState(isoToLocalInput(initial?.opensAt ?? null));
  const [dueAt, setDueAt] = useState(isoToLocalInput(initial?.dueAt ?? null));
  const [credit, setCredit] = useState(
    toDrafts(initial?.latePolicy ?? [{ days: 3, credit: 80 }], initial?.earlyCredit ?? []),
  );
  const [timeLimit, setTimeLimit] = useState(initial?.timeLimitMinutes ? String(initial.timeLimitMinutes) : "");
  const { busy, send, refusal, focusResult } = useRequest();
  // What the last Assign did, said where the focus goes once the button is disabled (the table is further down).
  const [said, setSaid] = useState("");
  const saved = useRef<HTMLParagraphElement>(null);
  // An edit form opens in place of the Edit button that had the focus: its first field takes it.
  const what = useRef<HTMLSelectElement>(null);
  const editing = initial !== undefined;
  // An edit form can stand beside the "Assign something" form: each needs its own id for its help text.
  const timeLimitHelp = useId();
  useEffect(() => {
    if (editing) what.current?.focus();
  }, [editing]);
  // The browser's zone, read once it runs: the server's would be wrong.
  const zone = useHydrated() ? Intl.DateTimeFormat().resolvedOptions().timeZone : "";

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const [kind, itemSlug] = item.split(":");
    setSaid("");
    const base = `/api/instructor/classes/${classId}/assignments`;
    const body = {
      kind,
      itemSlug,
      opensAt: localInputToIso(opensAt),
      dueAt: localInputToIso(dueAt) ?? dueAt,
      latePolicy: toPolicy(credit.steps),
      earlyCredit: toEarlyCredit(credit.early),
      timeLimitMinutes: timeLimit.trim() ? Number(timeLimit) : null,
    };
    if (!(await send(initial ? "PUT" : "POST", initial ? `${base}/${initial.id}` : base, body))) return;
    if (!initial) {
      setSaid(`Assigned ${items.find((i) => `${i.kind}:${i.slug}` === item)?.title ?? item}.`);
      focusResult(saved);
      setItem("");
      setDueAt("");
      setOpensAt("");
      setTimeLimit("");
    }
    onDone?.();
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="rounded border border-slate-200 p-4 dark:border-slate-700">
      <label className="block text-sm font-medium">
        What
        <select ref={what} required value={item} onChange={(e) => setItem(e.target.value)} className={field}>
          <option value="">Choose an exercise, lab or quiz…</option>
          {(["exercise", "lab", "quiz"] as const).map((kind) => (
            <optgroup key={kind} label={KIND_GROUP[kind]}>
              {items
                .filter((i) => i.kind === kind)
                .map((i) => (
                  <option key={i.slug} value={`${i.kind}:${i.slug}`}>
                    {i.title}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <div className="mt-3 flex flex-wrap gap-4">
        <label className="text-sm font-medium">
          Opens (optional)
          <input type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} className={field} />
        </label>
        <label className="text-sm font-medium">
          Due
          <input
            type="datetime-local"
            required
            value={dueAt}
            onChange={(e) => setDueAt(e.target.value)}
            className={field}
          />
        </label>
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        Times are in your time zone{zone && ` (${zone})`}.
      </p>
      <div className="mt-3">
        <label className="text-sm font-medium">
          Time limit in minutes (optional)
          <input
            type="number"
            min={1}
            max={MAX_TIME_LIMIT_MINUTES}
            inputMode="numeric"
            value={timeLimit}
            onChange={(e) => setTimeLimit(e.target.value)}
            aria-describedby={timeLimitHelp}
            className={NUMBER_FIELD}
          />
        </label>
        <p id={timeLimitHelp} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          A timed assessment: each learner starts their own window once, and only work inside it counts. Hints, the
          reference solution, earlier attempts&apos; reports and asking for help are closed while it runs. Empty:
          untimed.
        </p>
      </div>
      <LatePolicyEditor value={credit} onChange={setCredit} />
      <div className="mt-3 flex gap-3">
        <button
          type="submit"
          disabled={busy}
          className={
            "rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-sky-700"
          }
        >
          {initial ? "Save changes" : "Assign"}
        </button>
        {onDone && (
          <button type="button" onClick={onDone} className="text-sm underline">
            Cancel
          </button>
        )}
      </div>
      {refusal("mt-2 text-sm")}
      {!initial && (
        <p ref={saved} tabIndex={-1} role="status" className="mt-2 text-sm" data-testid="assignment-saved">
          {said}
        </p>
      )}
    </form>
  );
}
