import { MAX_TIME_LIMIT_MINUTES } from "@/lib/timed/timed-clock";

const field = "mt-1 block w-28 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900";

/** The assignment form's time limit: empty for an untimed assignment, else a timed assessment of that many minutes. */
export function TimeLimitField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <div className="mt-3">
      <label className="text-sm font-medium">
        Time limit in minutes (optional)
        <input
          type="number"
          min={1}
          max={MAX_TIME_LIMIT_MINUTES}
          inputMode="numeric"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby="time-limit-help"
          className={field}
        />
      </label>
      <p id="time-limit-help" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        A timed assessment: each learner starts their own window once, and only work inside it counts. Hints, the
        reference solution, earlier attempts&apos; reports and asking for help are closed while it runs. Empty: untimed.
      </p>
    </div>
  );
}
