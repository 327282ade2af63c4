import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exerciseChecksSchema } from "@/lib/exercises/exercise-schema";
import { runStaticChecks } from "@/lib/grading/static/run-static-checks";
import { InstantChecks } from "./instant-checks";
import { type InstantCheckInput, instantFindings } from "./instant-findings";
import { startStaticChecker } from "./static-checker";

const DOCKERFILE = "FROM python:3.11\nRUN pip install fastapi\nCOPY . .\nCMD python app.py\n";
const INPUT: InstantCheckInput = {
  files: [
    { path: "Dockerfile", content: DOCKERFILE },
    { path: "app.py", content: "print('hi')\n" },
  ],
  checks: exerciseChecksSchema.parse({}),
};

/** What the grader's static phase reports as failures and warnings: the instant checks must show exactly these. */
function graderFindings(input: InstantCheckInput) {
  return runStaticChecks({ dockerfile: DOCKERFILE, ...input }).filter(
    (c) => c.status === "fail" || c.status === "warn",
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("InstantChecks", () => {
  it("renders a Checking… state: the rules are not part of the page, they load after it", () => {
    const html = renderToStaticMarkup(<InstantChecks report={undefined} />);
    expect(html).toContain("Checking…");
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain("data-instant-check");
  });
});

describe("instantFindings", () => {
  it("reports the grader's failures and warnings, in the grader's order and wording", async () => {
    const { findings } = await instantFindings(INPUT);
    expect(findings.map((f) => f.id)).toContain("security.user-declared");
    expect(findings).toEqual(graderFindings(INPUT));
  });

  it("offers the rules' quick fixes for the lines they name, for the text that was checked", async () => {
    const { fixes, dockerfile } = await instantFindings(INPUT);
    expect(dockerfile).toBe(DOCKERFILE);
    expect(fixes.map((f) => [f.checkId, f.line, f.fix.title])).toEqual(
      expect.arrayContaining([
        ["size.pip-no-cache", 2, "Add --no-cache-dir to pip install"],
        ["correctness.exec-form-cmd", 4, "Write CMD in exec form"],
      ]),
    );
  });

  it("loads the Compose rules for Compose exercises", async () => {
    const input: InstantCheckInput = {
      files: [...INPUT.files, { path: "compose.yaml", content: 'version: "3.8"\nservices:\n  api:\n    build: .\n' }],
      checks: exerciseChecksSchema.parse({ compose: { file: "compose.yaml", services: { api: { build: true } } } }),
    };
    const { findings } = await instantFindings(input);
    expect(findings.map((f) => f.id)).toContain("correctness.compose-no-version-key");
    expect(findings).toEqual(graderFindings(input));
  });
});

describe("startStaticChecker", () => {
  it("runs the checks on the main thread where no worker can start", async () => {
    vi.stubGlobal("Worker", undefined);
    expect((await startStaticChecker().check(INPUT)).findings).toEqual(graderFindings(INPUT));
  });

  it("runs the checks in the worker, answering each request by its id", async () => {
    const worker = await installFakeWorker("works");
    const checker = startStaticChecker();
    const empty = { ...INPUT, files: [{ path: "Dockerfile", content: "" }] };
    const [first, second] = await Promise.all([checker.check(INPUT), checker.check(empty)]);
    expect(first.findings).toEqual(graderFindings(INPUT));
    expect(second.findings).toEqual([]);
    expect(worker.requests).toBe(2);
  });

  it("falls back to the main thread when the worker fails to load", async () => {
    await installFakeWorker("fails");
    const checker = startStaticChecker();
    expect((await checker.check(INPUT)).findings).toEqual(graderFindings(INPUT));
    expect((await checker.check(INPUT)).findings).toEqual(graderFindings(INPUT));
  });
});

/** A Worker that runs the real worker module in this thread, or one whose script never loads. */
async function installFakeWorker(mode: "works" | "fails") {
  const inWorker = new EventTarget();
  let toPage: EventTarget | undefined;
  const counts = { requests: 0 };
  vi.stubGlobal("addEventListener", inWorker.addEventListener.bind(inWorker));
  vi.stubGlobal("postMessage", (data: unknown) => toPage?.dispatchEvent(new MessageEvent("message", { data })));
  vi.resetModules();
  await import("./static-checks.worker");
  vi.stubGlobal(
    "Worker",
    class extends EventTarget {
      constructor() {
        super();
        toPage = this;
      }
      postMessage(data: unknown) {
        counts.requests++;
        if (mode === "works") inWorker.dispatchEvent(new MessageEvent("message", { data }));
        else setTimeout(() => this.dispatchEvent(new Event("error")));
      }
      terminate() {}
    },
  );
  return counts;
}
