import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ResultDocument } from "@/lib/grading/result-schema";
import { ResultReport } from "../exercise/result-report";

const MB = 1_000_000;

const RESULT: ResultDocument = {
  version: 4,
  submissionId: "s9",
  exercise: "size-budget",
  status: "passed",
  score: 1,
  phases: [{ name: "build", status: "passed", ms: 3600 }],
  checks: [],
  image: { sizeBytes: 151 * MB, layers: [] },
  logTruncated: false,
  sizeComparison: {
    stages: 2,
    baseline: { submissionId: "s2", attempt: 2, kind: "single-stage", sizeBytes: 642 * MB },
  },
};

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the report's size comparison", () => {
  it("shows before, after and the change, linked to the learner's own earlier attempt", () => {
    const html = renderToStaticMarkup(<ResultReport result={RESULT} />);
    expect(text(html)).toContain("single-stage attempt #2: 642 MB → this attempt: 151 MB (-76 %)");
    expect(html).toContain('href="/exercises/size-budget/history/s2"');
    // Before the layer chart, whose image summary it sums up.
    expect(html.indexOf('data-testid="size-comparison"')).toBeLessThan(html.indexOf('data-testid="layer-chart"'));
  });

  it("links to the instructor's submission page when an instructor reads the report", () => {
    const html = renderToStaticMarkup(<ResultReport result={RESULT} attemptLinks="instructor" />);
    expect(html).toContain('href="/instructor/submissions/s2"');
    expect(html).not.toContain("/history/s2");
  });

  it("explains a missing baseline, and is absent from results that compare nothing", () => {
    const single = { ...RESULT, sizeComparison: { stages: 1 } };
    expect(text(renderToStaticMarkup(<ResultReport result={single} />))).toContain(
      "This single-stage image (151 MB) is your baseline",
    );
    const { sizeComparison: _, ...plain } = RESULT;
    expect(renderToStaticMarkup(<ResultReport result={plain} />)).not.toContain("size-comparison");
  });
});
