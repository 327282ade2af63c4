import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import type { SubmissionListRow } from "@/lib/instructor/submissions";
import { learnerPath } from "../paths";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";
import { OutcomeCells } from "./outcome-cells";

/** One page of submissions, newest first; the last link of each row opens the submission. */
export function SubmissionsTable({ submissions, caption }: { submissions: SubmissionListRow[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      testId="submissions-table"
      className="mt-4"
      size="w-full min-w-[48rem]"
      head={
        <Ths
          labels={["Time", "Learner", "Exercise", "Status", "Score", "Re-grade", "Open"]}
          numeric={["Score"]}
          hidden={["Open"]}
        />
      }
    >
      {submissions.map((s) => (
        <Tr key={s.id} data-submission={s.id} data-status={s.status}>
          <Td>
            <AttemptTime date={s.createdAt} />
          </Td>
          <RowHeader>
            <Link
              href={learnerPath(s.learner.id)}
              title={s.learner.name}
              className="block max-w-56 truncate text-brand-600 underline dark:text-sky-300"
            >
              {s.learner.name}
            </Link>
            <span className="block break-all text-xs text-slate-500 dark:text-slate-400">{s.learner.email}</span>
          </RowHeader>
          <Td>{s.exercise.title}</Td>
          <OutcomeCells status={s.status} score={s.score} regradeOf={s.regradeOf} />
          <Td>
            <Link
              href={submissionPath(s.id)}
              className="whitespace-nowrap font-medium text-brand-600 underline dark:text-sky-300"
            >
              Open<span className="sr-only"> the submission of {s.learner.name}</span>
            </Link>
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
