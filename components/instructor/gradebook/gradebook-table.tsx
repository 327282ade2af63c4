import type { GradebookColumn, GradebookLearner } from "@/lib/instructor/gradebook";

const cell = "px-3 py-2 align-top";
// The learner column stays in view while the score columns scroll sideways.
const sticky = "sticky left-0 z-10 bg-white dark:bg-slate-950";

/** One row per learner, one column per exercise and quiz: the best score as a percentage, a dash for none yet. */
export function GradebookTable({
  columns,
  learners,
  caption,
}: {
  columns: GradebookColumn[];
  learners: GradebookLearner[];
  caption: string;
}) {
  return (
    <div className="mt-4 max-h-[70vh] overflow-auto rounded border border-slate-200 dark:border-slate-800">
      <table className="w-max min-w-full border-collapse text-left text-sm" data-testid="gradebook-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-20 bg-white text-xs text-slate-500 dark:bg-slate-950">
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <th scope="col" className={`${cell} ${sticky} uppercase`}>
              Learner
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`${cell} max-w-[9rem] text-right font-medium`} data-column={c.key}>
                <span className="block uppercase">{c.kind === "exercise" ? "Exercise" : "Quiz"}</span>
                <span className="block normal-case text-slate-700 dark:text-slate-300">{c.title}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {learners.map((learner) => (
            <tr key={learner.id} data-learner={learner.id} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className={`${cell} ${sticky} font-normal`}>
                <span className="block font-medium">{learner.name}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{learner.email}</span>
              </th>
              {columns.map((c) => (
                <td key={c.key} className={`${cell} text-right tabular-nums`} data-column={c.key}>
                  <Percent value={learner.scores[c.key] ?? null} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Percent({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="sr-only">no graded attempt</span>
      </>
    );
  }
  return <>{value}%</>;
}
