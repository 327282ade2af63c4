import type { CheckResult, FindingResult } from "../result-schema";
import { type Cause, causeOf } from "./causes";

/** The checks of one mistake: a shared cause's members in this result, or a check on its own. */
interface Unit {
  cause?: Cause;
  checks: CheckResult[];
}

function unitsOf(checks: readonly CheckResult[]): Unit[] {
  const units = new Map<string, Unit>();
  for (const check of checks) {
    const cause = causeOf(check, checks);
    const key = cause?.id ?? check.id;
    const unit = units.get(key) ?? { cause, checks: [] };
    unit.checks.push(check);
    units.set(key, unit);
  }
  // Map order is insertion order: units stay in the pipeline order of their first check.
  return [...units.values()];
}

/**
 * A mistake counts once: it is worth what its largest check is worth, and loses the share its failed checks
 * carry. Checks with no shared cause count as before (their own points).
 */
function unitPoints(unit: Unit): { points: number; maxPoints: number } {
  const maxPoints = Math.max(0, ...unit.checks.map((c) => c.maxPoints));
  const sumMax = unit.checks.reduce((s, c) => s + c.maxPoints, 0);
  const sumPoints = unit.checks.reduce((s, c) => s + c.points, 0);
  return { maxPoints, points: sumMax === 0 ? 0 : (maxPoints * sumPoints) / sumMax };
}

const isProblem = (c: CheckResult) => c.status === "fail" || c.status === "warn";
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Checks whose failure leaves other checks nothing right to judge: a file that does not parse, a service or file
 * that is not there, an image that does not build or start. Their finding leads, before the failures that follow
 * from them (a health gate for a service that does not exist yet says nothing until the service does).
 */
const LEADING_CHECKS = new Set([
  "correctness.dockerfile-syntax",
  "correctness.compose-spec-valid",
  "correctness.compose-expected-services",
  "correctness.image-builds",
  "correctness.start-command-exists",
  "correctness.container-starts",
  "correctness.compose-stack-starts",
]);

/**
 * One finding per mistake, the ones to fix first first: failures before warnings, a missing or broken foundation
 * (LEADING_CHECKS) before what depends on it, then the finding that accounts for the most failing checks (fixing it
 * unblocks the most), then pipeline order. Its one fix is that of its first
 * failing check (static checks come first and may name the line); checks of a shared cause report the cause's fix
 * unless their finding has a more specific one, so one mistake never shows two snippets.
 */
export function findingsOf(checks: readonly CheckResult[]): FindingResult[] {
  const weight = (f: FindingResult) =>
    (f.status === "fail" ? 0 : 2) + (f.status === "fail" && f.checks.some((id) => LEADING_CHECKS.has(id)) ? 0 : 1);
  const failing = (f: FindingResult) => f.checks.filter((id) => checks.find((c) => c.id === id)?.status === "fail");
  return unitsOf(checks)
    .flatMap((unit): FindingResult[] => {
      const problems = unit.checks.filter(isProblem);
      if (problems.length === 0) return [];
      const first = problems.find((c) => c.status === "fail") ?? problems[0]!;
      const { points, maxPoints } = unitPoints(unit);
      return [
        {
          cause: unit.cause?.id ?? first.id,
          title: unit.cause?.title ?? first.title,
          status: first.status === "fail" ? "fail" : "warn",
          why: first.why,
          fix: first.fix,
          lesson: unit.cause?.lesson ?? first.lesson,
          checks: problems.map((c) => c.id),
          maxPoints,
          lostPoints: round(maxPoints - points, 2),
        },
      ];
    })
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        weight(a.finding) - weight(b.finding) ||
        failing(b.finding).length - failing(a.finding).length ||
        a.order - b.order,
    )
    .map(({ finding }) => finding);
}

/** The points and score of a result, each mistake counted once (see `unitPoints`). */
export function scoreOf(checks: readonly CheckResult[]): { points: number; maxPoints: number; score: number } {
  const units = unitsOf(checks).map(unitPoints);
  const maxPoints = units.reduce((s, u) => s + u.maxPoints, 0);
  const points = units.reduce((s, u) => s + u.points, 0);
  return {
    points: round(points, 2),
    maxPoints,
    score: maxPoints === 0 ? 0 : round(points / maxPoints, 3),
  };
}
