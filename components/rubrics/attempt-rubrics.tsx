import { learnerAssignmentScores } from "@/lib/classes/learner-scores";
import { RubricFeedback } from "./rubric-feedback";

type AttemptRubricsProps = { userId: string; exercise: string; originalId: string };

/**
 * On a learner's attempt page: the rubric grade staff gave this attempt in each class that graded it. `originalId`:
 * the learner's original attempt, whose grade a re-grade's page shows (the re-grade keeps it).
 */
export async function AttemptRubrics({ userId, exercise, originalId }: AttemptRubricsProps) {
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
