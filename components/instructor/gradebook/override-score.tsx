"use client";

import { Alert } from "@/components/http/alert";
import { useChange } from "../use-change";

type Props = { url: string; name: string; current: number | null; max: number };

/**
 * Sets one learner's score (at `url`, its API address) by hand, or removes the override in force (`current`), with a
 * reason; folded until opened. `max`: the highest score the assignment can earn, 100 or more with early credit.
 */
export function OverrideScore({ url, name, current, max }: Props) {
  const { busy, error, change } = useChange();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get("reason") ?? "");
    const remove = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "remove";
    await change(remove ? "DELETE" : "PUT", url, remove ? { reason } : { score: Number(form.get("score")), reason });
  }

  return (
    <details className="mt-1 text-left text-xs">
      <summary className="cursor-pointer text-brand-600 dark:text-sky-300">Override</summary>
      <form onSubmit={submit} className="mt-1 flex w-48 flex-col gap-1" aria-label={`Override ${name}'s score`}>
        <label>
          Score (0–{max})
          <input
            name="score"
            type="number"
            min={0}
            max={max}
            step={1}
            defaultValue={current ?? undefined}
            required
            className="ml-1 w-16 rounded border border-slate-300 px-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label>
          Reason
          <input
            name="reason"
            required
            maxLength={500}
            className="w-full rounded border border-slate-300 px-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <span className="flex gap-2">
          <button type="submit" value="set" disabled={busy} className="rounded bg-brand-600 px-2 py-0.5 text-white">
            Save
          </button>
          {current !== null && (
            <button type="submit" value="remove" disabled={busy} className="rounded border px-2 py-0.5" formNoValidate>
              Remove
            </button>
          )}
        </span>
        <Alert inline message={error} />
      </form>
    </details>
  );
}
