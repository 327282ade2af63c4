import Link from "next/link";
import { Score, Verdict } from "@/components/history/verdict";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import type { LearnerSubmission } from "@/lib/instructor/learners";
import { Td } from "../tables/data-table";

const REGRADE_BADGE = "rounded bg-violet-100 px-1.5 py-0.5 text-violet-900 dark:bg-violet-950 dark:text-violet-200";

/** A submission's status, score and re-grade mark (linking to the original): the same cells in every list. */
export function OutcomeCells({ status, score, regradeOf }: Pick<LearnerSubmission, "status" | "score" | "regradeOf">) {
  return (
    <>
      <Td>
        <Verdict status={status} />
      </Td>
      <Td numeric>
        <Score score={score} />
      </Td>
      <Td>
        {regradeOf ? (
          <span className="whitespace-nowrap text-xs" data-testid="regrade-marker">
            <span className={REGRADE_BADGE}>↻ Re-grade</span> of{" "}
            <Link href={submissionPath(regradeOf)} className="underline">
              the original
            </Link>
          </span>
        ) : (
          <span className="sr-only">not a re-grade</span>
        )}
      </Td>
    </>
  );
}
