import type { CheckResult, ResultDocument } from "../grading/lib";
import { findingsOf, formatBytes, sizeComparisonText } from "../grading/lib";

const MARK: Record<CheckResult["status"], string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skipped: "SKIP" };
const CATEGORIES: CheckResult["category"][] = ["correctness", "security", "size", "cache", "gpu"];

/** The result document as a learner-readable terminal report. */
export function formatReport(result: ResultDocument, opts: { lessonUrl?: (slug: string) => string } = {}): string {
  const lessonUrl = opts.lessonUrl ?? ((slug: string) => `/lessons/${slug}`);
  const total = (status: CheckResult["status"]) => result.checks.filter((c) => c.status === status).length;
  const lines = [
    `${result.exercise}: ${result.status.toUpperCase()}  score ${(result.score * 100).toFixed(0)}%  ` +
      `(${total("pass")} passed, ${total("fail")} failed, ${total("warn")} warnings, ${total("skipped")} skipped)`,
    `phases: ${result.phases.map((p) => `${p.name} ${p.status} ${(p.ms / 1000).toFixed(1)}s`).join(" · ")}`,
  ];
  if (result.image) lines.push(imageLine(result.image));
  // Only a stored submission carries one: a directory graded here has no learner history to compare with.
  if (result.image && result.sizeComparison) lines.push(comparisonLine(result.sizeComparison, result.image.sizeBytes));
  for (const rebuild of result.cache?.rebuilds ?? []) {
    const count = (o: string) => rebuild.steps.filter((s) => s.outcome === o).length;
    const reused = `${count("reused")} ${count("reused") === 1 ? "step" : "steps"} reused`;
    const miss = rebuild.firstMiss;
    lines.push(
      `cache: after editing ${rebuild.mutation}: ${reused}, ${count("ran")} ran again` +
        (miss ? `; first to run again: ${miss.label} ${miss.instruction} (Dockerfile:${miss.line})` : ""),
    );
  }
  // The mistakes first, as the report page opens: one line each, the one that clears the most checks first.
  const findings = result.findings ?? findingsOf(result.checks);
  if (findings.length > 0) lines.push("", "== fix these first ==");
  findings.forEach((finding, i) => {
    const found = finding.checks.length > 1 ? `, found by ${finding.checks.length} checks, counted once` : "";
    lines.push(`${i + 1}. ${MARK[finding.status]}  ${finding.title}  (-${finding.lostPoints} points${found})`);
    lines.push(...indent(finding.fix, "      fix:   "));
  });
  for (const category of CATEGORIES) {
    const checks = result.checks.filter((c) => c.category === category);
    if (checks.length === 0) continue;
    lines.push("", `== ${category} ==`);
    for (const check of checks) {
      lines.push(`${MARK[check.status]}  ${check.id}  ${check.title}  [${check.points}/${check.maxPoints}]`);
      if (check.status === "pass") continue;
      lines.push(...indent(check.message));
      if (check.location) lines.push(`      where: ${check.location}`);
      if (check.evidence && check.status !== "skipped") lines.push(...indent(check.evidence, "      found: "));
      if (check.status !== "skipped") {
        if (check.why) lines.push(...indent(check.why, "      why:   "));
        lines.push(...indent(check.fix, "      fix:   "), `      learn: ${lessonUrl(check.lesson)}`);
      }
    }
  }
  if (result.logTruncated) lines.push("", "The log went over its size limit and was cut.");
  return `${lines.join("\n")}\n`;
}

function imageLine(image: NonNullable<ResultDocument["image"]>): string {
  const base = image.layers.filter((l) => l.fromBase).length;
  const wasted = image.layers.reduce((sum, l) => sum + (l.wastedBytes ?? 0), 0);
  return (
    `image: ${formatBytes(image.sizeBytes)} in ${image.layers.length} layers` +
    (base > 0 ? ` (${base} from the base image)` : "") +
    (wasted > 0 ? `, ${formatBytes(wasted)} of it wasted in your layers` : "")
  );
}

function comparisonLine(comparison: NonNullable<ResultDocument["sizeComparison"]>, sizeBytes: number): string {
  const text = sizeComparisonText(comparison, sizeBytes);
  return "note" in text
    ? `size: ${text.note}`
    : `size: ${text.baseline}: ${text.before} -> this attempt: ${text.after} (${text.change})`;
}

function indent(text: string, first = "      "): string[] {
  return text
    .split("\n")
    .slice(0, 12)
    .map((line, i) => `${i === 0 ? first : " ".repeat(first.length)}${line}`);
}
