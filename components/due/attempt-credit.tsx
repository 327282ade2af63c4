import { attemptCredits } from "@/lib/classes/learner-scores";
import type { AttemptSummary } from "@/lib/submissions/history";

/**
 * On an attempt's page: what the attempt counts for in each class that assigned the exercise, when it was late. A
 * re-grade counts at the time its original was submitted, as the gradebook credits it.
 */
export async function AttemptCredit({
  userId,
  exercise,
  attempt,
  attempts,
}: {
  userId: string;
  exercise: string;
  attempt: AttemptSummary;
  /** The learner's attempts at the exercise, where a re-grade's original is found. */
  attempts: AttemptSummary[];
}) {
  const submittedAt = attempts.find((a) => a.id === attempt.regradeOf)?.createdAt ?? attempt.createdAt;
  const credits = await attemptCredits(userId, exercise, submittedAt);
  const score = attempt.score;
  const late = credits.filter((c) => c.credit.late);
  if (late.length === 0) return null;
  return (
    <ul className="mt-2 text-sm text-amber-800 dark:text-amber-200" data-testid="attempt-credit">
      {late.map(({ className, credit }) => (
        <li key={className}>
          {className}: submitted {credit.reason}
          {score !== undefined && ` — counts as ${Math.round(score * credit.credit * 10) / 10}%`}.
        </li>
      ))}
    </ul>
  );
}
