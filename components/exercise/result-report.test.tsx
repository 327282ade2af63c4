import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ResultDocument } from "@/lib/grading/result-schema";
import { BuildLog } from "../report/build-log";
import { ResultReport } from "./result-report";

const CHECK = {
  category: "cache",
  method: "image",
  maxPoints: 2,
  why: "why",
  fix: "fix",
  lesson: "layer-caching",
} as const;

const RESULT: ResultDocument = {
  version: 3,
  submissionId: "s1",
  exercise: "layer-order",
  status: "failed",
  score: 0.5,
  phases: [
    { name: "static", status: "passed", ms: 40 },
    { name: "build", status: "passed", ms: 3600 },
    { name: "gpu", status: "skipped", ms: 0 },
  ],
  checks: [
    { ...CHECK, id: "cache.install-step-found", title: "Found", status: "pass", points: 2, message: "ok" },
    {
      ...CHECK,
      id: "cache.code-change-reuses-dependencies",
      title: "Reuses",
      status: "fail",
      points: 0,
      message: "reran",
      location: "Dockerfile:9",
    },
  ],
  logTruncated: false,
};

describe("ResultReport", () => {
  it("puts the score and verdict first, then every phase with its status and time", () => {
    const html = renderToStaticMarkup(<ResultReport result={RESULT} />);
    expect(html.indexOf("50%")).toBeLessThan(html.indexOf("What ran"));
    expect(html).toContain("Failed");
    expect(html).toContain("2 of 4 points · 1 failed · 0 warnings · 1 passed");
    expect(html).toMatch(/static<\/span> <span[^>]*>passed<\/span>/);
    expect(html).toMatch(/gpu<\/span> <span[^>]*>skipped/);
  });

  it("shows a location as text, or as a button when the page can jump to it", () => {
    expect(renderToStaticMarkup(<ResultReport result={RESULT} />)).not.toContain("<button");
    const html = renderToStaticMarkup(<ResultReport result={RESULT} onJumpTo={() => {}} />);
    expect(html).toMatch(/<button[^>]*data-location="Dockerfile:9"[^>]*>Dockerfile:9<\/button>/);
  });

  it("folds passed checks away and keeps the attributes tests and tools read", () => {
    const html = renderToStaticMarkup(<ResultReport result={RESULT} />);
    expect(html).toContain('data-testid="result-report"');
    expect(html).toMatch(
      /<details[^>]*><summary[^>]*>1 passed check<\/summary>.*data-check="cache\.install-step-found"/,
    );
    expect(html).toContain('data-check="cache.code-change-reuses-dependencies" data-check-status="fail"');
  });
});

describe("BuildLog", () => {
  it("folds the log per step while its text stays the log's own lines", () => {
    const log = "\n#5 [2/2] RUN exit 3\n#5 0.2 about to fail\n#5 ERROR: exit code: 3\nERROR: failed to solve\n";
    const html = renderToStaticMarkup(<BuildLog log={log} live={false} />);
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toBe(log.trimStart());
    expect(html.match(/<details/g)).toHaveLength(2);
    expect(html).toContain('data-state="error"');
  });
});
