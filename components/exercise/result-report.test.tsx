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

describe("ResultReport's shell offer", () => {
  const RUN_FAILED: ResultDocument = {
    ...RESULT,
    phases: [...RESULT.phases, { name: "run", status: "failed", ms: 900 }],
    checks: [
      ...RESULT.checks,
      {
        ...CHECK,
        category: "correctness",
        method: "run",
        id: "run.starts",
        title: "Starts",
        status: "fail",
        points: 0,
        message: "exited with 1",
      },
    ],
  };
  const OFFER = { submissionId: "s1", readOnlyRootfs: true };
  const openButtons = (html: string) => html.match(/data-testid="open-shell(-from-check)?"/g) ?? [];

  it("offers a shell once the build made an image, and beside each failed run check's fix", () => {
    const html = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={OFFER} />);
    expect(html).toContain('data-testid="shell-panel" data-available="true"');
    expect(html).toMatch(/<button[^>]*data-testid="open-shell"[^>]*>Open a shell in this image<\/button>/);
    // Only the run check gets its own button; the cache check's problem is not inside the container.
    expect(html).toMatch(/data-check="run\.starts".*How to fix:.*data-testid="open-shell-from-check"/);
    expect(html.match(/data-testid="open-shell-from-check"/g)).toHaveLength(1);
    expect(html).toContain("No network");
    expect(html).toContain("/tmp is writable");
  });

  it("offers nothing when the build failed (there is no image) or the page has no shell to offer", () => {
    const buildFailed = {
      ...RUN_FAILED,
      phases: RUN_FAILED.phases.map((p) => (p.name === "build" ? { ...p, status: "failed" as const } : p)),
    };
    expect(openButtons(renderToStaticMarkup(<ResultReport result={buildFailed} shell={OFFER} />))).toEqual([]);
    expect(renderToStaticMarkup(<ResultReport result={buildFailed} shell={OFFER} />)).not.toContain("shell-panel");
    expect(openButtons(renderToStaticMarkup(<ResultReport result={RUN_FAILED} />))).toEqual([]);
  });

  it("explains why and what to do instead when the image is no longer kept", () => {
    const kept = { available: false, reason: "This submission's image is gone." };
    const html = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={{ ...OFFER, kept }} />);
    expect(openButtons(html)).toEqual([]);
    expect(html).toContain('data-testid="shell-unavailable">This submission&#x27;s image is gone.</p>');
    const unexplained = { ...OFFER, kept: { available: false } };
    expect(renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={unexplained} />)).toMatch(
      /no longer kept.*Submit again to build a fresh image/,
    );
  });

  it("lists the exercise's own things to try, else the course's defaults, each a button that types it", () => {
    const tryThese = [{ command: "ldd /srv/lib/libfeatures.so", why: "Which libraries it needs." }];
    const own = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={{ ...OFFER, tryThese }} />);
    expect(own).toMatch(/<button[^>]*data-command="ldd \/srv\/lib\/libfeatures\.so"/);
    expect(own).not.toContain('data-command="id"');
    const defaults = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={OFFER} />);
    expect(defaults).toContain('data-command="id"');
    expect(defaults).toContain('data-command="ldd &lt;binary or .so&gt;"');
  });

  it("says the image's files can change when the exercise turns the read-only root off", () => {
    const html = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={{ ...OFFER, readOnlyRootfs: false }} />);
    expect(html).toContain("You can change the image");
    expect(html).not.toContain("read-only");
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
