import Link from "next/link";
import { attemptPath } from "./paths";

type RegradeNoteProps = { exercise: string; attempt: { number: number; regradeOf?: string; gpuFollowUp?: true } };

/** Marks a re-grade or GPU follow-up (numbered as the attempt it grades again), linking to that attempt. */
export function RegradeNote({ exercise, attempt }: RegradeNoteProps) {
  const { regradeOf: originalId, number, gpuFollowUp } = attempt;
  if (!originalId) return null;
  return (
    <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400" data-testid="regrade-note">
      {gpuFollowUp ? "Graded again on a GPU grader, GPU checks included" : "Re-graded by your instructor"} ·{" "}
      <Link href={attemptPath(exercise, originalId)} className="underline">
        original attempt {number}
      </Link>
    </span>
  );
}
