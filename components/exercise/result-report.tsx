import { submissionPath } from "@/components/submission-paths/submission-paths";
import { findingsOf } from "@/lib/grading/checks/findings";
import type { CheckResult, ResultDocument } from "@/lib/grading/result-schema";
import { attemptPath } from "../history/paths";
import { CacheDiagram } from "../report/cache-diagram";
import { CheckGroups } from "../report/check-groups";
import { Findings } from "../report/findings";
import { LayerChart } from "../report/layer-chart";
import type { JumpTo } from "../report/location";
import { PhaseTimeline } from "../report/phase-timeline";
import { ScoreSummary } from "../report/score-summary";
import { SizeComparisonNote } from "../report/size-comparison";
import { OpenShellFromCheck, type ShellOffer, ShellOfferScope } from "../shell/shell-offer";
import { ShellPanel } from "../shell/shell-panel";

// A failed run check is about what happens inside the container: a shell in the image is the way to look.
const offerAtCheck = (check: CheckResult) =>
  check.method === "run" && check.status === "fail" ? <OpenShellFromCheck /> : null;

/**
 * The grader's report: score and verdict, the findings, what ran, every check, a shell in the built image, its
 * layers and the cache's rebuilds. `lessons`: slugs the course has. `onJumpTo`: shows a file line in the editor.
 * `attemptLinks`: whose pages a link to another attempt opens: the learner's history or the instructor's.
 */
export function ResultReport({
  result,
  lessons,
  onJumpTo,
  shell,
  attemptLinks = "learner",
}: {
  result: ResultDocument;
  lessons?: readonly string[];
  onJumpTo?: JumpTo;
  shell?: ShellOffer;
  attemptLinks?: "learner" | "instructor";
}) {
  const built = result.phases.some((p) => p.name === "build" && p.status === "passed");
  const offer = built ? shell : undefined;
  // Documents before version 4 have no findings of their own: the same grouping makes them.
  const findings = result.findings ?? findingsOf(result.checks);
  const report = (
    <div data-testid="result-report" className="space-y-6">
      <ScoreSummary result={result} findings={findings} />
      <Findings
        findings={findings}
        checks={result.checks}
        lessons={lessons}
        onJumpTo={onJumpTo}
        afterFix={offer?.kept?.available === false ? undefined : offer && offerAtCheck}
        pointsCounted={result.findings !== undefined}
      />
      <PhaseTimeline phases={result.phases} />
      <CheckGroups checks={result.checks} findings={findings} lessons={lessons} />
      {offer && <ShellPanel offer={offer} />}
      {result.image && result.sizeComparison && (
        <SizeComparisonNote
          comparison={result.sizeComparison}
          sizeBytes={result.image.sizeBytes}
          baselineHref={baselineHref(result, attemptLinks)}
        />
      )}
      {result.image && <LayerChart image={result.image} onJumpTo={onJumpTo} />}
      {result.cache && result.cache.rebuilds.length > 0 && (
        <CacheDiagram rebuilds={result.cache.rebuilds} onJumpTo={onJumpTo} />
      )}
    </div>
  );
  return offer ? <ShellOfferScope>{report}</ShellOfferScope> : report;
}

function baselineHref(result: ResultDocument, links: "learner" | "instructor"): string | undefined {
  const id = result.sizeComparison?.baseline?.submissionId;
  if (id === undefined) return undefined;
  return links === "instructor" ? submissionPath(id) : attemptPath(result.exercise, id);
}
