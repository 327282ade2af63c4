import type { PhaseResult } from "@/lib/grading/result-schema";

const BAR: Record<PhaseResult["status"], string> = {
  passed: "bg-emerald-500 dark:bg-emerald-400",
  failed: "bg-red-500 dark:bg-red-400",
  error: "bg-amber-500 dark:bg-amber-400",
  skipped: "",
};
const SKIPPED_BAR = "block h-3 w-full rounded border border-dashed border-slate-300 dark:border-slate-600";
const CONCURRENT = new Set(["inspect", "cache", "run", "gpu"]);

/** What ran and for how long: a bar per phase, as a share of the longest, since the concurrent ones do not add up. */
export function PhaseTimeline({ phases }: { phases: PhaseResult[] }) {
  const longest = Math.max(1, ...phases.map((p) => p.ms));
  const together = phases.filter((p) => CONCURRENT.has(p.name) && p.status !== "skipped").map((p) => p.name);
  return (
    <section aria-labelledby="report-phases" data-testid="phase-timeline">
      <h3 id="report-phases" className="text-lg font-semibold">
        What ran
      </h3>
      <ol className="mt-2 space-y-1 text-sm">
        {phases.map((p) => (
          <li key={p.name} data-phase={p.name} data-phase-status={p.status} className="flex items-center gap-3">
            <span className="w-52 shrink-0">
              <span className="font-mono">{p.name}</span>{" "}
              <span className={p.status === "failed" || p.status === "error" ? "font-semibold" : ""}>{p.status}</span>
              {p.status !== "skipped" && <span className="text-slate-500 dark:text-slate-400">, {seconds(p.ms)}</span>}
            </span>
            <span aria-hidden="true" className="h-3 flex-1 rounded bg-slate-100 dark:bg-slate-800">
              {p.status === "skipped" ? (
                <span className={SKIPPED_BAR} />
              ) : (
                <span
                  className={`block h-3 rounded ${BAR[p.status]}`}
                  style={{ width: `${Math.max(0.5, (p.ms / longest) * 100)}%` }}
                />
              )}
            </span>
          </li>
        ))}
      </ol>
      {together.length > 1 && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {together.join(", ")} ran at the same time, each reading the built image.
        </p>
      )}
    </section>
  );
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
