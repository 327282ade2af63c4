import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/layout/scroll-region";
import { None } from "@/components/table/none";
import type { CreditNote, GradebookColumn, GradebookLearner } from "@/lib/instructor/gradebook";
import { KIND_LABEL } from "@/lib/instructor/gradebook-csv";
import { Clipped } from "../tables/clipped";
import { RowHeader, Td, Th, Tr } from "../tables/data-table";
import { OverrideScore } from "./override-score";

// The learner column stays in view while the score columns scroll sideways.
const sticky = "sticky left-0 z-10 bg-white dark:bg-slate-950";
// Narrower on a phone, so the scores beside the sticky column still have room.
const clip = "max-w-36 sm:max-w-56";

type Props = { columns: GradebookColumn[]; learners: GradebookLearner[]; caption: string; overrideIn?: string };

/**
 * One row per learner, one column per exercise and quiz, the best score as a percentage. With a class selected, an
 * assigned column's credit follows its late policy, marked with why, and `overrideIn`'s instructors can override it.
 */
export function GradebookTable({ columns, learners, caption, overrideIn }: Props) {
  const assignments = `/api/instructor/classes/${overrideIn}/assignments`;
  return (
    <ScrollRegion
      label="Gradebook"
      className="relative mt-4 max-h-[70vh] overflow-auto rounded border border-slate-200 dark:border-slate-800"
    >
      <table
        className="w-max min-w-full border-collapse text-left text-sm [&_td]:align-top [&_th]:align-top"
        data-testid="gradebook-table"
      >
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-20 bg-white text-xs text-slate-500 dark:text-slate-400 dark:bg-slate-950">
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <Th className={`${sticky} uppercase`}>Learner</Th>
            {columns.map((c) => (
              <Th key={c.key} numeric className="max-w-[9rem] font-medium" data-column={c.key}>
                <span className="block uppercase">{KIND_LABEL[c.kind]}</span>
                <span className="block normal-case text-slate-700 dark:text-slate-300">{c.title}</span>
                {c.assignment && (
                  <span className="block normal-case" title={`Due ${c.assignment.dueAt}`}>
                    assigned
                  </span>
                )}
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
              {columns.map((c) => {
                const score = learner.scores[c.key] ?? null;
                const note = learner.notes[c.key];
                return (
                  <Td key={c.key} numeric data-column={c.key}>
                    {/* Handed-in work awaiting its rubric grade has an attempt: its marker says what is missing. */}
                    {score !== null ? <>{score}%</> : !note?.awaitingGrading && <None label="no graded attempt" />}
                    <Marker note={note} />
                    {overrideIn && c.assignment && (
                      <OverrideScore
                        url={`${assignments}/${c.assignment.id}/overrides/${learner.id}`}
                        max={c.assignment.maxScore}
                        name={learner.name}
                        current={note?.override ? score : null}
                      />
                    )}
                  </Td>
                );
              })}
            </Tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const MARKER_TONE = {
  overridden: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  early: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  late: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  "awaiting-grading": "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100",
  "after-solution": "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
} as const;

function Badge({ kind, title, children }: { kind: keyof typeof MARKER_TONE; title: string; children: ReactNode }) {
  return (
    <span className={`ml-1 rounded px-1 text-xs ${MARKER_TONE[kind]}`} title={title} data-testid={`score-${kind}`}>
      {children}
    </span>
  );
}

/** Why a credited score is what it is: the reason in the title, for a glance and for a screen reader. */
function Marker({ note }: { note: CreditNote | undefined }) {
  if (!note) return null;
  // The credit's marker: an override outranks early or late work.
  const credit = note.override ? "overridden" : note.early ? "early" : note.late ? "late" : undefined;
  const computed = note.override?.computed == null ? "no work" : `${note.override.computed}%`;
  const opened = note.afterSolution && `${note.afterSolution.slice(0, 16).replace("T", " ")} UTC`;
  return (
    <>
      {credit && (
        <Badge
          kind={credit}
          title={note.override ? `Overridden: ${note.override.reason} (the work earns ${computed})` : note.reason}
        >
          {credit}
        </Badge>
      )}
      {note.awaitingGrading && (
        <Badge kind="awaiting-grading" title="Handed in: awaiting grading by the assignment's rubric">
          to grade
        </Badge>
      )}
      {opened && (
        <Badge kind="after-solution" title={`Handed in after the learner opened the reference solution (${opened})`}>
          after solution<span className="sr-only">, opened {opened}</span>
        </Badge>
      )}
    </>
  );
}
