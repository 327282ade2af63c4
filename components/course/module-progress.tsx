/** "3 of 5 lessons" with a bar; the numbers are text so screen readers get them too. */
export function ModuleProgress({ completed, total, label }: { completed: number; total: number; label: string }) {
  const percent = total === 0 ? 0 : Math.round((completed / total) * 100);
  return (
    <div className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
      <div
        role="progressbar"
        aria-label={`${label}: ${completed} of ${total} lessons completed`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={completed}
        className="h-1.5 w-24 overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full bg-emerald-500" style={{ width: `${percent}%` }} />
      </div>
      <span>
        {completed}/{total}
      </span>
    </div>
  );
}
