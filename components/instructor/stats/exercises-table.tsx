import { TextLink } from "@/components/layout/text-link";
import { None } from "@/components/table/none";
import { formatCount, formatMedian } from "@/lib/format/numbers";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { exerciseStatsPath } from "../paths";
import { DataTable, RowHeader, ShareCell, Td, Ths, Tr } from "../tables/data-table";

/** Every exercise in course order with how learners fare; each opens its statistics for the class picked. */
export function ExercisesStatsTable({ exercises, classId }: { exercises: ExerciseSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Every exercise in course order, with learners attempted and passed"
      testId="exercise-stats"
      className="mt-6"
      size="w-full min-w-[48rem]"
      valign="middle"
      head={
        <Ths
          labels={["Exercise", "Attempted", "Passed", "Pass rate", "Median attempts to pass", "Attempts"]}
          numeric={["Attempted", "Passed", "Median attempts to pass", "Attempts"]}
          classes={{ "Pass rate": "w-1/4" }}
        />
      }
    >
      {exercises.map((e) => (
        <Tr key={e.slug} data-testid={`exercise-stats-${e.slug}`}>
          <RowHeader>
            <TextLink href={exerciseStatsPath(e.slug, classId)} className="font-medium">
              {e.title}
            </TextLink>
          </RowHeader>
          <Td numeric data-testid="learners-attempted">
            {formatCount(e.learners)}
          </Td>
          <Td numeric data-testid="learners-passed">
            {formatCount(e.passed)}
          </Td>
          <Td data-testid="pass-rate">
            <ShareCell share={e.passRate} tone="good" none="no attempts yet" />
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
