import Link from "next/link";
import { TextLink } from "@/components/layout/text-link";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { ShareBar } from "../charts/share-bar";
import { exerciseStatsPath } from "../paths";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";

/** Each exercise's pass rate as a bar, linking to its statistics for the class picked (`classId`). */
export function PassRateTable({ exercises, classId }: { exercises: ExerciseSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Pass rate per exercise: the share of learners who attempted it that have a passing attempt"
      testId="pass-rates"
      valign="middle"
      head={
        <Ths
          labels={["Exercise", "Pass rate", "Passed", "Attempts"]}
          numeric={["Passed", "Attempts"]}
          classes={{ "Pass rate": "w-2/5" }}
        />
      }
    >
      {exercises.map((e) => (
        <Tr key={e.slug} data-testid={`pass-rate-${e.slug}`} data-pass-rate={e.passRate ?? ""}>
          <RowHeader>
            <TextLink href={exerciseStatsPath(e.slug, classId)}>{e.title}</TextLink>
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
