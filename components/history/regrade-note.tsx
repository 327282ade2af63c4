import Link from "next/link";
import { attemptPath } from "./paths";

/**
 * Marks an instructor's re-grade among the learner's attempts (it has the number of the attempt it grades again)
 * and links to that original attempt.
 */
export function RegradeNote({
  exercise,
  originalId,
  number,
}: {
  exercise: string;
  originalId: string;
  number: number;
}) {
  return (
    <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400" data-testid="regrade-note">
      Re-graded by your instructor ·{" "}
      <Link href={attemptPath(exercise, originalId)} className="underline">
        original attempt {number}
      </Link>
    </span>
  );
}
