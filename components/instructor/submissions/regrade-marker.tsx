import Link from "next/link";
import { submissionPath } from "@/components/submission-paths/submission-paths";

/** Marks an instructor's re-grade in a list of submissions, linking to the learner's original; nothing otherwise. */
export function RegradeMarker({ regradeOf }: { regradeOf?: string }) {
  if (!regradeOf) return <span className="sr-only">not a re-grade</span>;
  return (
    <span className="whitespace-nowrap text-xs" data-testid="regrade-marker">
      <span className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-900 dark:bg-violet-950 dark:text-violet-200">
        ↻ Re-grade
      </span>{" "}
      of{" "}
      <Link href={submissionPath(regradeOf)} className="underline">
        the original
      </Link>
    </span>
  );
}
