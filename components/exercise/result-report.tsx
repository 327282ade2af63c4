import type { ResultDocument } from "@/lib/grading/result-schema";
import { CacheDiagram } from "../report/cache-diagram";
import { CheckGroups } from "../report/check-groups";
import { LayerChart } from "../report/layer-chart";
import type { JumpTo } from "../report/location";
import { PhaseTimeline } from "../report/phase-timeline";
import { ScoreSummary } from "../report/score-summary";

/**
 * The grader's report: score and verdict, what ran, the checks (problems first, each with what, where, why, how
 * to fix and which lesson), then the built image's layers and what the cache phase's rebuilds reused.
 * `lessons`: slugs the course has. `onJumpTo`: shows a file and line in the editor; without it locations are text.
 */
export function ResultReport({
  result,
  lessons,
  onJumpTo,
}: {
  result: ResultDocument;
  lessons?: readonly string[];
  onJumpTo?: JumpTo;
}) {
  return (
    <div data-testid="result-report" className="space-y-6">
      <ScoreSummary result={result} />
      <PhaseTimeline phases={result.phases} />
      <CheckGroups checks={result.checks} lessons={lessons} onJumpTo={onJumpTo} />
      {result.image && <LayerChart image={result.image} onJumpTo={onJumpTo} />}
      {result.cache && result.cache.rebuilds.length > 0 && (
        <CacheDiagram rebuilds={result.cache.rebuilds} onJumpTo={onJumpTo} />
      )}
    </div>
  );
}
