import type { CheckResult, ResultDocument } from "@/lib/grading/result-schema";
import { CacheDiagram } from "../report/cache-diagram";
import { CheckGroups } from "../report/check-groups";
import { LayerChart } from "../report/layer-chart";
import type { JumpTo } from "../report/location";
import { PhaseTimeline } from "../report/phase-timeline";
import { ScoreSummary } from "../report/score-summary";
import { OpenShellFromCheck, type ShellOffer, ShellOfferScope } from "../shell/shell-offer";
import { ShellPanel } from "../shell/shell-panel";

// A failed run check is about what happens inside the container: a shell in the image is the way to look.
const offerAtCheck = (check: CheckResult) =>
  check.method === "run" && check.status === "fail" ? <OpenShellFromCheck /> : null;

/**
 * The grader's report: score and verdict, what ran, the checks (problems first, each with what, where, why, how
 * to fix and which lesson), a shell in the built image, then the image's layers and what the cache phase's
 * rebuilds reused. `lessons`: slugs the course has. `onJumpTo`: shows a file and line in the editor; without it
 * locations are text. `shell`: offers a shell in the image, when the build made one.
 */
export function ResultReport({
  result,
  lessons,
  onJumpTo,
  shell,
}: {
  result: ResultDocument;
  lessons?: readonly string[];
  onJumpTo?: JumpTo;
  shell?: ShellOffer;
}) {
  const built = result.phases.some((p) => p.name === "build" && p.status === "passed");
  const offer = built ? shell : undefined;
  const report = (
    <div data-testid="result-report" className="space-y-6">
      <ScoreSummary result={result} />
      <PhaseTimeline phases={result.phases} />
      <CheckGroups
        checks={result.checks}
        lessons={lessons}
        onJumpTo={onJumpTo}
        afterFix={offer?.kept?.available === false ? undefined : offer && offerAtCheck}
      />
      {offer && <ShellPanel offer={offer} />}
      {result.image && <LayerChart image={result.image} onJumpTo={onJumpTo} />}
      {result.cache && result.cache.rebuilds.length > 0 && (
        <CacheDiagram rebuilds={result.cache.rebuilds} onJumpTo={onJumpTo} />
      )}
    </div>
  );
  return offer ? <ShellOfferScope>{report}</ShellOfferScope> : report;
}
