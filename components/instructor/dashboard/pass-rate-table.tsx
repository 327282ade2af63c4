import Link from "next/link";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { ShareBar } from "../charts/share-bar";
import { formatCount, formatPercent } from "../stats/format";
import { exerciseStatsPath } from "../stats/paths";
import { DataTable, RowHeader, Td, Th, Tr } from "../tables/data-table";

/**
 * Every exercise with the share of its learners who passed it, as bars; each links to the exercise's statistics, for
 * the class picked (`classId`).
 */
export function PassRateTable({ exercises, classId }: { exercises: ExerciseSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Pass rate per exercise: the share of learners who attempted it that have a passing attempt"
      testId="pass-rates"
      valign="middle"
      head={
        <>
          <Th>Exercise</Th>
          <Th className="w-2/5">Pass rate</Th>
          <Th numeric>Passed</Th>
          <Th numeric>Attempts</Th>
        </>
      }
    >
      {exercises.map((e) => (
        <Tr key={e.slug} data-testid={`pass-rate-${e.slug}`} data-pass-rate={e.passRate ?? ""}>
          <RowHeader>
            <Link href={exerciseStatsPath(e.slug, classId)} className="text-brand-600 underline dark:text-sky-300">
              {e.title}
            </Link>
          </RowHeader>
          <Td>
            {e.passRate === undefined ? (
              <span className="text-slate-500 dark:text-slate-400">no attempts yet</span>
            ) : (
              <span className="flex items-center gap-2">
                <Link
                  href={exerciseStatsPath(e.slug, classId)}
                  className="w-10 shrink-0 text-right tabular-nums text-brand-600 hover:underline dark:text-sky-300"
                >
                  {formatPercent(e.passRate)}
                  <span className="sr-only"> of learners passed {e.title}: its statistics</span>
                </Link>
                <ShareBar share={e.passRate} tone="good" />
              </span>
            )}
          </Td>
          <Td numeric>
            {formatCount(e.passed)} of {formatCount(e.learners)}
          </Td>
          <Td numeric>{formatCount(e.attempts)}</Td>
        </Tr>
      ))}
    </DataTable>
  );
}
