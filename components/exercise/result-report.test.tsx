import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { findingsOf, scoreOf } from "@/lib/grading/checks/findings";
import type { CheckResult, ResultDocument } from "@/lib/grading/result-schema";
import { BuildLog } from "../report/build-log";
import { LessonTitlesProvider } from "../report/lesson-link";
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

describe("ResultReport's findings", () => {
  const failed = (id: string, maxPoints: number, more: Partial<CheckResult> = {}): CheckResult => ({
    id,
    category: id.startsWith("security") ? "security" : "correctness",
    method: "image",
    title: `Title of ${id}`,
    status: "fail",
    points: 0,
    maxPoints,
    message: `message of ${id}`,
    why: `why of ${id}`,
    fix: `fix of ${id}`,
    lesson: "running-as-non-root",
    ...more,
  });
  const checks: CheckResult[] = [
    failed("security.user-declared", 2, {
      method: "static",
      location: "Dockerfile:1",
      fix: "Before CMD:\nRUN useradd --create-home --uid 10001 app\nUSER app",
    }),
    failed("correctness.healthcheck-declared", 1, {
      method: "static",
      lesson: "health-checks",
      fix: "HEALTHCHECK CMD curl -f http://127.0.0.1:8000/health",
    }),
    failed("security.image-user-not-root", 3),
    failed("correctness.image-healthcheck", 2, { lesson: "health-checks" }),
    failed("security.runs-as-non-root", 2, { method: "run" }),
    { ...failed("correctness.exposes-service-port", 1), status: "pass", points: 1 },
  ];
  const V4: ResultDocument = {
    ...RESULT,
    version: 4,
    checks,
    findings: findingsOf(checks),
    ...scoreOf(checks),
  };

  it("shows each mistake once, with one fix, the one behind the most failing checks first", () => {
    const html = renderToStaticMarkup(<ResultReport result={V4} />);
    expect([...html.matchAll(/data-finding="([^"]+)"/g)].map((m) => m[1])).toEqual(["runs-as-root", "no-healthcheck"]);
    expect(html.match(/How to fix:/g)).toHaveLength(2);
    expect(html.match(/useradd/g)).toHaveLength(1);
    // Each check is described once, in its finding; the index by category only points there.
    expect(html.match(/data-check="security.image-user-not-root"/g)).toHaveLength(1);
    expect(html).toContain('data-check-ref="security.image-user-not-root"');
    expect(html).toContain("found by 3 checks, counted once: −3 points");
  });

  it("opens with what passing takes, from the result's own numbers", () => {
    const text = renderToStaticMarkup(<ResultReport result={V4} />).replace(/<[^>]+>/g, "");
    expect(text).toContain("1 of 6 points · 5 failed");
    expect(text).toContain(
      "To pass, every one of the 6 graded checks must pass; warnings cost no points. Now 5 checks fail, from 2 " +
        "mistakes: fix them in the order below",
    );
    expect(text.indexOf("To pass")).toBeLessThan(text.indexOf("Fix these first"));
  });

  it("sets a fix of several lines as code after its lead-in, and an instruction as code", () => {
    const html = renderToStaticMarkup(<ResultReport result={V4} />);
    expect(html).toMatch(/<p>Before CMD:<\/p><pre[^>]*data-fix-code="true"><code>RUN useradd [^<]*\nUSER app<\/code>/);
    expect(html).toMatch(/data-fix-code="true"><code>HEALTHCHECK CMD curl/);
  });

  it("names a lesson by its title where the page gives the titles, and never links one the course lacks", () => {
    const titles = { "running-as-non-root": "Running as a non-root user" };
    const html = renderToStaticMarkup(
      <LessonTitlesProvider titles={titles}>
        <ResultReport result={V4} />
      </LessonTitlesProvider>,
    );
    expect(html).toContain(
      'href="/lessons/running-as-non-root" data-lesson="running-as-non-root">Running as a non-root user</a>',
    );
    expect(html).toContain("“health checks” (coming soon)");
    expect(html).not.toContain('href="/lessons/health-checks"');
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

  it("offers a shell once the build made an image, and beside each failed run check in its finding", () => {
    const html = renderToStaticMarkup(<ResultReport result={RUN_FAILED} shell={OFFER} />);
    expect(html).toContain('data-testid="shell-panel" data-available="true"');
    expect(html).toMatch(/<button[^>]*data-testid="open-shell"[^>]*>Open a shell in this image<\/button>/);
    // Only the run check gets its own button; the cache check's problem is not inside the container.
    expect(html).toMatch(
      /data-check="run\.starts"[^>]*><p>.*?data-testid="open-shell-from-check".*?<\/li>.*How to fix:/,
    );
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
