import type { GradebookColumn, GradebookLearner } from "@/lib/instructor/gradebook";
import { KIND_LABEL } from "@/lib/instructor/gradebook-csv";
import { Clipped } from "../tables/clipped";
import { RowHeader, Td, Th, Tr } from "../tables/data-table";
import { None } from "../tables/none";

// The learner column stays in view while the score columns scroll sideways.
const sticky = "sticky left-0 z-10 bg-white dark:bg-slate-950";
// Narrower on a phone, so the scores beside the sticky column still have room.
const clip = "max-w-36 sm:max-w-56";

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
    <div className="relative mt-4 max-h-[70vh] overflow-auto rounded border border-slate-200 dark:border-slate-800">
      <table
        className="w-max min-w-full border-collapse text-left text-sm [&_td]:align-top [&_th]:align-top"
        data-testid="gradebook-table"
      >
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-20 bg-white text-xs text-slate-500 dark:bg-slate-950">
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <Th className={`${sticky} uppercase`}>Learner</Th>
            {columns.map((c) => (
              <Th key={c.key} numeric className="max-w-[9rem] font-medium" data-column={c.key}>
                <span className="block uppercase">{KIND_LABEL[c.kind]}</span>
                <span className="block normal-case text-slate-700 dark:text-slate-300">{c.title}</span>
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {learners.map((learner) => (
            <Tr key={learner.id} data-learner={learner.id}>
              <RowHeader className={sticky}>
                <Clipped text={learner.name} width={clip} className="font-medium" />
                <Clipped text={learner.email} width={clip} className="text-xs text-slate-600 dark:text-slate-400" />
              </RowHeader>
              {columns.map((c) => (
                <Td key={c.key} numeric data-column={c.key}>
                  <Percent value={learner.scores[c.key] ?? null} />
                </Td>
              ))}
            </Tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Percent({ value }: { value: number | null }) {
  return value === null ? <None label="no graded attempt" /> : <>{value}%</>;
}
