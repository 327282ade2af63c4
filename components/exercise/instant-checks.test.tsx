import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exerciseChecksSchema } from "@/lib/exercises/exercise-schema";
import { SUBMISSION_LIMITS } from "@/lib/file-sets/limits";
import { validateSubmission } from "@/lib/file-sets/validate-files";
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
  submitted: ["Dockerfile", "app.py"],
  checks: exerciseChecksSchema.parse({}),
};

/** What the grader's static phase reports as failures and warnings: the instant checks must show exactly these. */
function graderFindings(input: InstantCheckInput) {
  // The grader's static phase gets the exercise's editable files: exactly what Submit sends.
  return runStaticChecks({ dockerfile: DOCKERFILE, ...input, editable: input.submitted }).filter(
    (c) => c.status === "fail" || c.status === "warn",
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("InstantChecks", () => {
  it("renders a Checking… state: the rules are not part of the page, they load after it", () => {
    const html = renderToStaticMarkup(<InstantChecks report={undefined} files={["Dockerfile"]} />);
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
    const { fixes, sources } = await instantFindings(INPUT);
    expect(sources).toEqual({ Dockerfile: DOCKERFILE });
    expect(fixes.every((f) => f.path === "Dockerfile")).toBe(true);
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
      submitted: [...INPUT.submitted, "compose.yaml"],
      checks: exerciseChecksSchema.parse({ compose: { file: "compose.yaml", services: { api: { build: true } } } }),
    };
    const { findings } = await instantFindings(input);
    expect(findings.map((f) => f.id)).toContain("correctness.compose-no-version-key");
    expect(findings).toEqual(graderFindings(input));
  });

  it("offers Compose quick fixes on the compose file, and none on files the learner may not edit", async () => {
    const compose = 'version: "3.8"\nservices:\n  api:\n    build: .\n    ports:\n      - "8000:8000"\n';
    const input: InstantCheckInput = {
      files: [...INPUT.files, { path: "compose.yaml", content: compose }],
      submitted: ["compose.yaml"],
      checks: exerciseChecksSchema.parse({ compose: { file: "compose.yaml", services: { api: { build: true } } } }),
    };
    const { fixes, sources } = await instantFindings(input);
    expect(sources).toEqual({ "compose.yaml": compose });
    expect(fixes.map((f) => [f.checkId, f.path, f.line, f.fix.title])).toEqual([
      ["correctness.compose-no-version-key", "compose.yaml", 1, "Delete the obsolete version: line"],
      ["security.compose-ports-bound-locally", "compose.yaml", 6, "Publish on 127.0.0.1 only"],
    ]);
  });
});

/** The submit route's refusal of these files (the server's own function), or undefined when it accepts them. */
function serverRefusal(files: InstantCheckInput["files"]) {
  try {
    validateSubmission(files, ["Dockerfile", "app.py"]);
    return undefined;
  } catch (err) {
    const { message, details } = err as { message: string; details?: { line?: number } };
    return { message, line: details?.line };
  }
}

const KEYWORDS = ["FROM", "RUN", "COPY", "CMD", "ENV", "WORKDIR", "EXPOSE", "USER", "ENTRYPOINT", "ARG"];
const GOOD_LINES = ["FROM python:3.11-slim", "RUN pip install fastapi", "COPY . /app", "WORKDIR /app", "# a note", ""];

/** Dockerfiles the server refuses, each a way learners really get it wrong. */
const refusedDockerfile = fc.oneof(
  // blank or comments only
  fc.array(fc.constantFrom("", "   ", "\t", "# just a comment"), { maxLength: 4 }).map((lines) => lines.join("\n")),
  // a misspelled instruction somewhere after a good start: a letter doubled, dropped or swapped
  fc
    .tuple(
      fc.array(fc.constantFrom(...GOOD_LINES), { maxLength: 4 }),
      fc.constantFrom(...KEYWORDS),
      fc.constantFrom("double", "drop", "swap"),
      fc.nat(),
      fc.array(fc.constantFrom(...GOOD_LINES), { maxLength: 3 }),
    )
    .map(([before, keyword, change, at, after]) => {
      const i = at % keyword.length;
      const word =
        change === "double"
          ? keyword.slice(0, i + 1) + keyword.slice(i)
          : change === "drop"
            ? keyword.slice(0, i) + keyword.slice(i + 1)
            : `${keyword.slice(1)}${keyword[0]}`;
      return ["FROM python:3.11-slim", ...before, `${word} python -m compileall app`, ...after].join("\n");
    }),
  // an instruction before FROM, or one without arguments
  fc.constantFrom("RUN echo hi\nFROM python:3.11", "FROM python:3.11\nWORKDIR\n", "FROM python:3.11\nRUN <<EOF\necho"),
);

describe("instant findings and the server agree", () => {
  it("flags every Dockerfile the server refuses with the server's message, at the server's line", async () => {
    await fc.assert(
      fc.asyncProperty(refusedDockerfile, async (content) => {
        const files = [
          { path: "Dockerfile", content },
          { path: "app.py", content: "print('hi')\n" },
        ];
        const refused = serverRefusal(files);
        expect(refused).toBeDefined(); // every generated file is one the server refuses
        const { findings } = await instantFindings({ ...INPUT, files });
        expect(findings).toEqual([
          expect.objectContaining({
            status: "fail",
            message: refused!.message,
            location: `Dockerfile:${refused!.line ?? 1}`,
          }),
        ]);
      }),
      { numRuns: 60 },
    );
  });

  it("flags what the server refuses in the file set too: a file over the size limit", async () => {
    const files = [
      { path: "Dockerfile", content: "FROM python:3.11-slim\n" },
      { path: "app.py", content: "x".repeat(SUBMISSION_LIMITS.maxTotalBytes + 1) },
    ];
    const refused = serverRefusal(files);
    expect(refused?.message).toMatch(/limit is 5 MiB/);
    const { findings } = await instantFindings({ ...INPUT, files });
    expect(findings.map((f) => f.message)).toEqual([refused!.message]);
  });

  it("shows the server's message for the issue's examples, and the fix once", async () => {
    const files = [{ path: "Dockerfile", content: "FROM python:3.11-slim\nRUNN python -m compileall app\n" }];
    const report = await instantFindings({ ...INPUT, files, submitted: ["Dockerfile"] });
    expect(report.findings[0]).toMatchObject({
      message: 'Dockerfile:2: "RUNN" is not a Dockerfile instruction. Did you mean RUN?',
      location: "Dockerfile:2",
    });
    const html = renderToStaticMarkup(<InstantChecks report={report} files={["Dockerfile"]} />);
    expect(html.match(/Did you mean RUN\?/g)).toHaveLength(1);
    const empty = await instantFindings({
      ...INPUT,
      files: [{ path: "Dockerfile", content: "" }],
      submitted: ["Dockerfile"],
    });
    expect(empty.findings[0]?.message).toMatch(/^Dockerfile is empty\. Start it with a FROM line/);
  });

  it("sends the server only a Dockerfile it accepts to the static rules", async () => {
    expect(serverRefusal(INPUT.files)).toBeUndefined();
    expect((await instantFindings(INPUT)).findings.map((f) => f.id)).not.toContain("correctness.dockerfile-syntax");
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
    const empty = { ...INPUT, files: [{ path: "Dockerfile", content: "" }], submitted: ["Dockerfile"] };
    const [first, second] = await Promise.all([checker.check(INPUT), checker.check(empty)]);
    expect(first.findings).toEqual(graderFindings(INPUT));
    expect(second.findings.map((f) => f.id)).toEqual(["correctness.dockerfile-syntax"]);
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
