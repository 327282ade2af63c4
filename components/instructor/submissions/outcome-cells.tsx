import { Score, Verdict } from "@/components/history/verdict";
import type { SubmissionStatus } from "@/lib/submissions/lifecycle";
import { Td } from "../tables/data-table";
import { RegradeMarker } from "./regrade-marker";

/** A submission's status, score and re-grade mark: the same three cells in every list of submissions. */
export function OutcomeCells({
  status,
  score,
  regradeOf,
}: {
  status: SubmissionStatus;
  score?: number;
  regradeOf?: string;
}) {
  return (
    <>
      <Td>
        <Verdict status={status} />
      </Td>
      <Td numeric>
        <Score score={score} />
      </Td>
      <Td>
        <RegradeMarker regradeOf={regradeOf} />
      </Td>
    </>
  );
}
