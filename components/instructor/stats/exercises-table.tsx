import Link from "next/link";
import { None } from "@/components/table/none";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { DataTable, RowHeader, ShareCell, Td, Th, Tr } from "../tables/data-table";
import { formatCount, formatMedian } from "./format";
import { exerciseStatsPath } from "./paths";

/**
 * Every exercise in course order with how learners fare on it; each row opens the exercise's statistics, for the
 * class picked (`classId`) as here.
 */
export function ExercisesStatsTable({ exercises, classId }: { exercises: ExerciseSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Every exercise in course order, with learners attempted and passed"
      testId="exercise-stats"
      className="mt-6"
      size="w-full min-w-[48rem]"
      valign="middle"
      head={
        <>
          <Th>Exercise</Th>
          <Th numeric>Attempted</Th>
          <Th numeric>Passed</Th>
          <Th className="w-1/4">Pass rate</Th>
          <Th numeric>Median attempts to pass</Th>
          <Th numeric>Attempts</Th>
        </>
      }
    >
      {exercises.map((e) => (
        <Tr key={e.slug} data-testid={`exercise-stats-${e.slug}`}>
          <RowHeader>
            <Link
              href={exerciseStatsPath(e.slug, classId)}
              className="font-medium text-brand-600 underline dark:text-sky-300"
            >
              {e.title}
            </Link>
          </RowHeader>
          <Td numeric data-testid="learners-attempted">
            {formatCount(e.learners)}
          </Td>
          <Td numeric data-testid="learners-passed">
            {formatCount(e.passed)}
          </Td>
          <Td data-testid="pass-rate">
            {e.passRate === undefined ? <None label="no attempts yet" /> : <ShareCell share={e.passRate} tone="good" />}
          </Td>
          <Td numeric data-testid="median-attempts">
            {e.medianAttemptsToPass === undefined ? (
              <None label="nobody passed yet" />
            ) : (
              formatMedian(e.medianAttemptsToPass)
            )}
          </Td>
          <Td numeric data-testid="attempts">
            {formatCount(e.attempts)}
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
