import Link from "next/link";
import type { CheckFailure } from "@/lib/instructor/exercise-stats";
import { DataTable, RowHeader, ShareCell, Td, Th, Tr } from "../tables/data-table";
import { formatCount } from "./format";

/** The checks that fail in learners' graded attempts, most often first, with the lesson that teaches each. */
export function CheckFailuresTable({ checks }: { checks: CheckFailure[] }) {
  return (
    <DataTable
      caption="Checks by the number of graded attempts in which they failed"
      testId="check-failures"
      size="w-full min-w-[44rem]"
      head={
        <>
          <Th>Check</Th>
          <Th>Taught in</Th>
          <Th className="w-1/4">Share of attempts</Th>
          <Th numeric>Attempts</Th>
          <Th numeric>Learners</Th>
        </>
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
              <Link href={`/lessons/${c.lesson.slug}`} className="text-brand-600 underline dark:text-sky-300">
                {c.lesson.title}
              </Link>
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
