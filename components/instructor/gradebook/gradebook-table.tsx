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

/**
 * One row per learner, one column per exercise and quiz: the best score as a percentage, a dash for none yet. With a
 * class selected, an assigned column's score is credited by its late policy, marked "late" or "overridden" with the
 * reason in its title, and the class's instructors (`overrideIn`) can override it.
 */
export function GradebookTable({
  columns,
  learners,
  caption,
  overrideIn,
}: {
  columns: GradebookColumn[];
  learners: GradebookLearner[];
  caption: string;
  /** The selected class, when the reader may override its scores. */
  overrideIn?: string;
}) {
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
              {columns.map((c) => (
                <Td key={c.key} numeric data-column={c.key}>
                  <Percent
                    value={learner.scores[c.key] ?? null}
                    awaitingGrading={learner.notes[c.key]?.awaitingGrading}
                  />
                  <Marker note={learner.notes[c.key]} />
                  {overrideIn && c.assignment && (
                    <OverrideScore
                      classId={overrideIn}
                      assignmentId={c.assignment.id}
                      max={c.assignment.maxScore}
                      learnerId={learner.id}
                      learnerName={learner.name}
                      current={learner.notes[c.key]?.override ? (learner.scores[c.key] ?? null) : null}
                    />
                  )}
                </Td>
              ))}
            </Tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Percent({ value, awaitingGrading }: { value: number | null; awaitingGrading?: boolean }) {
  // Handed-in work awaiting its rubric grade has an attempt: its marker says what is missing.
  if (value === null) return awaitingGrading ? null : <None label="no graded attempt" />;
  return <>{value}%</>;
}

const marker = "ml-1 rounded px-1 text-xs";

/** Why a credited score is what it is: the reason in the title, for a glance and for a screen reader. */
function Marker({ note }: { note: CreditNote | undefined }) {
  if (!note) return null;
  return (
    <>
      <CreditMarker note={note} />
      {note.awaitingGrading && (
        <span
          className={`${marker} bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100`}
          title="Handed in: awaiting grading by the assignment's rubric"
          data-testid="score-awaiting-grading"
        >
          to grade
        </span>
      )}
      {note.afterSolution ? (
        <span
          className={`${marker} bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100`}
          title={`Handed in after the learner opened the reference solution (${utc(note.afterSolution)})`}
          data-testid="score-after-solution"
        >
          after solution<span className="sr-only">, opened {utc(note.afterSolution)}</span>
        </span>
      ) : null}
    </>
  );
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function CreditMarker({ note }: { note: CreditNote }) {
  if (note.override) {
    const computed = note.override.computed === null ? "no work" : `${note.override.computed}%`;
    return (
      <span
        className={`${marker} bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100`}
        title={`Overridden: ${note.override.reason} (the work earns ${computed})`}
        data-testid="score-overridden"
      >
        overridden
      </span>
    );
  }
  if (note.early) {
    return (
      <span
        className={`${marker} bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100`}
        title={note.reason}
        data-testid="score-early"
      >
        early
      </span>
    );
  }
  if (!note.late) return null;
  return (
    <span
      className={`${marker} bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100`}
      title={note.reason}
      data-testid="score-late"
    >
      late
    </span>
  );
}
