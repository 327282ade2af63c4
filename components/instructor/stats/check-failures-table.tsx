import { TextLink } from "@/components/layout/text-link";
import { formatCount } from "@/lib/format/numbers";
import type { CheckFailure } from "@/lib/instructor/exercise-stats";
import { DataTable, RowHeader, ShareCell, Td, Ths, Tr } from "../tables/data-table";

/** The checks that fail in learners' graded attempts, most often first, with the lesson that teaches each. */
export function CheckFailuresTable({ checks }: { checks: CheckFailure[] }) {
  return (
    <DataTable
      caption="Checks by the number of graded attempts in which they failed"
      testId="check-failures"
      size="w-full min-w-[44rem]"
      head={
        <Ths
          labels={["Check", "Taught in", "Share of attempts", "Attempts", "Learners"]}
          numeric={["Attempts", "Learners"]}
          classes={{ "Share of attempts": "w-1/4" }}
        />
      }
    >
      {checks.map((c) => (
        <Tr key={c.id} data-check={c.id} data-attempts={c.attempts}>
          <RowHeader>
            {c.title}
            <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{c.id}</span>
          </RowHeader>
          <Td>
            {c.lesson ? (
              <TextLink href={`/lessons/${c.lesson.slug}`}>{c.lesson.title}</TextLink>
            ) : (
              <span className="text-slate-500 dark:text-slate-400">not recorded</span>
            )}
          </Td>
          <Td>
            <ShareCell share={c.share} tone="bad" />
          </Td>
          <Td numeric>{formatCount(c.attempts)}</Td>
          <Td numeric>{formatCount(c.learners)}</Td>
        </Tr>
      ))}
    </DataTable>
  );
}
