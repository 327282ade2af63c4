import { LocalTime } from "@/components/local-time/local-time";
import type { RubricStanding } from "@/lib/rubrics/rubric-standings";
import { describeRubricMode } from "@/lib/rubrics/rubric-terms";
import { signedPoints } from "./points";

/** The learner's view of their grade by an assignment's rubric, or that it awaits grading. */
export function RubricFeedback({ rubric, awaiting }: { rubric: RubricStanding; awaiting: boolean }) {
  const { grade } = rubric;
  return (
    <div
      className="mt-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
      data-testid="rubric-feedback"
    >
      <p className="text-slate-600 dark:text-slate-400">
        Graded by a rubric. {describeRubricMode(rubric.mode, rubric.share)}
      </p>
      {!grade ? (
        <p className="mt-1 font-medium" data-testid="rubric-awaiting">
          {awaiting ? "Handed in: awaiting grading by your instructor. No score until then." : "Not graded yet."}
        </p>
      ) : (
        <>
          <p className="mt-1 font-medium tabular-nums">
            Rubric: {grade.earned} of {rubric.possible} points
          </p>
          {grade.items.length === 0 ? (
            <p className="mt-1">No item of the rubric was applied.</p>
          ) : (
            <ul className="mt-1 list-disc space-y-1 pl-5" aria-label="Rubric items applied">
              {grade.items.map((item) => (
                <li key={item.id}>
                  <span className="font-medium">{item.title}</span>{" "}
                  <span className="tabular-nums">({signedPoints(item.points)})</span>
                  {item.feedback && <span className="block text-slate-700 dark:text-slate-300">{item.feedback}</span>}
                </li>
              ))}
            </ul>
          )}
          {grade.comment && (
            <p className="mt-2 whitespace-pre-wrap">
              <span className="font-medium">Comment: </span>
              {grade.comment}
            </p>
          )}
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            {grade.graderName}, <LocalTime iso={grade.gradedAt.toISOString()} />
          </p>
        </>
      )}
    </div>
  );
}
