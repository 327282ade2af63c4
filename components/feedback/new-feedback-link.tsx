import Link from "next/link";
import { attemptPath } from "@/components/history/paths";
import { newMarkColours } from "./new-mark";

/** The learner's marker for staff feedback they have not read yet, linking to the attempt it is on. */
export function NewFeedbackLink({ exercise, attemptId }: { exercise: string; attemptId: string }) {
  return (
    <Link
      href={attemptPath(exercise, attemptId)}
      className={`ml-2 inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs underline ${newMarkColours}`}
      data-testid={`new-feedback-${exercise}`}
    >
      New feedback
    </Link>
  );
}

/** The exercise page's note: a staff member has commented on one of the learner's attempts since they last looked. */
export function NewFeedbackNote({ exercise, attemptId }: { exercise: string; attemptId: string }) {
  return (
    <p
      className={
        "mt-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm " +
        "dark:border-amber-800 dark:bg-amber-950/40"
      }
      data-testid="new-feedback"
    >
      Your instructor has commented on one of your attempts.{" "}
      <Link href={attemptPath(exercise, attemptId)} className="font-medium underline">
        Read the new feedback
      </Link>
    </p>
  );
}
