import { learnerAssignmentScores } from "@/lib/classes/learner-scores";
import { RubricFeedback } from "./rubric-feedback";

/**
 * On a learner's attempt page: the grade staff gave this attempt by an assignment's rubric, in each class that graded
 * it (the items applied, their feedback and points, the comment), so the feedback sits beside the work it is about.
 * What's due shows the same grade with the assignment's score.
 */
export async function AttemptRubrics({
  userId,
  exercise,
  originalId,
}: {
  userId: string;
  exercise: string;
  /** The learner's original attempt: a re-grade's page shows its original's grade, which the re-grade keeps. */
  originalId: string;
}) {
  const graded = (await learnerAssignmentScores(userId)).filter(
    ({ assignment, score }) =>
      assignment.kind === "exercise" &&
      assignment.itemSlug === exercise &&
      score.rubric?.grade?.attemptId === originalId,
  );
  if (graded.length === 0) return null;
  return (
    <section aria-labelledby="rubric-grades-title" className="mt-6" data-testid="attempt-rubrics">
      <h2 id="rubric-grades-title" className="text-2xl font-semibold">
        Graded by a rubric
      </h2>
      {graded.map(({ assignment, score }) => (
        <div key={assignment.id} className="mt-2">
          <p className="font-medium">{assignment.className}</p>
          {score.rubric && <RubricFeedback rubric={score.rubric} awaiting={false} />}
        </div>
      ))}
    </section>
  );
}
