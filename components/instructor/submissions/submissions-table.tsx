import { AttemptTime } from "@/components/history/attempt-time";
import { TextLink } from "@/components/layout/text-link";
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
            <TextLink href={learnerPath(s.learner.id)} title={s.learner.name} className="block max-w-56 truncate">
              {s.learner.name}
            </TextLink>
            <span className="block break-all text-xs text-slate-500 dark:text-slate-400">{s.learner.email}</span>
          </RowHeader>
          <Td>{s.exercise.title}</Td>
          <OutcomeCells status={s.status} score={s.score} regradeOf={s.regradeOf} />
          <Td>
            <TextLink href={submissionPath(s.id)} className="whitespace-nowrap font-medium">
              Open<span className="sr-only"> the submission of {s.learner.name}</span>
            </TextLink>
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
