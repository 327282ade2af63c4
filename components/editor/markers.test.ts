import { describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "@/lib/exercises/exercise-schema";
import type { CheckResult } from "@/lib/grading/result-schema";
import { runStaticChecks } from "@/lib/grading/static/run-static-checks";
import { checkLocations, parseLocation } from "./locations";
import { markersFor, SEVERITY } from "./markers";

const DOCKERFILE = "FROM python:3.11-slim\nWORKDIR /srv\n  RUN pip install flask\nCMD python app.py\n";
const lines = DOCKERFILE.split("\n");
const lessonUrl = (slug: string) =>
  slug === "installing-packages-cleanly" ? `http://app.test/lessons/${slug}` : undefined;

/** The grader's own findings on the Dockerfile, as the instant checks get them. */
function findings(dockerfile: string): CheckResult[] {
  return runStaticChecks({
    dockerfile,
    files: [{ path: "Dockerfile", content: dockerfile }],
    checks: exerciseChecksSchema.parse({}),
  }).filter((c) => c.status === "fail" || c.status === "warn");
}

describe("parseLocation", () => {
  it("reads a file and a line, and nothing from other locations", () => {
    expect(parseLocation("Dockerfile:12")).toEqual({ path: "Dockerfile", line: 12 });
    expect(parseLocation("app/requirements.txt:3")).toEqual({ path: "app/requirements.txt", line: 3 });
    expect(parseLocation("layer 3: RUN pip install x")).toBeUndefined();
    expect(parseLocation("Dockerfile:0")).toBeUndefined();
    expect(parseLocation(undefined)).toBeUndefined();
  });
});

describe("markersFor", () => {
  it("marks a finding's line from its first non-blank character, with the check's texts and lesson link", () => {
    const pip = findings(DOCKERFILE).filter((c) => c.id === "size.pip-no-cache");
    expect(markersFor(pip, { path: "Dockerfile", lines }, lessonUrl)).toEqual([
      {
        severity: SEVERITY.error,
        message: expect.stringContaining("pip does not keep its download cache in the image\npip install runs"),
        source: "Dockyard",
        code: { value: "size.pip-no-cache (lesson)", target: "http://app.test/lessons/installing-packages-cleanly" },
        startLineNumber: 3,
        startColumn: 3,
        endLineNumber: 3,
        endColumn: lines[2]!.length + 1,
      },
    ]);
  });

  it("leaves out the lesson link when the course has no such lesson, and marks warnings as warnings", () => {
    const check: CheckResult = {
      ...findings(DOCKERFILE).find((c) => c.id === "correctness.exec-form-cmd")!,
      status: "warn",
    };
    const [marker] = markersFor([check], { path: "Dockerfile", lines }, lessonUrl);
    expect(marker?.severity).toBe(SEVERITY.warning);
    expect(marker?.code).toBeUndefined();
    expect(marker?.startLineNumber).toBe(4);
  });

  it("gives each finding of a check its own marker and message", () => {
    const twice = "FROM python:3.11-slim\nRUN pip install flask\nRUN pip install numpy\n";
    const [check] = findings(twice).filter((c) => c.id === "size.pip-no-cache");
    expect(checkLocations(check!).map((l) => l.line)).toEqual([2, 3]);
    const markers = markersFor([check!], { path: "Dockerfile", lines: twice.split("\n") }, lessonUrl);
    expect(markers.map((m) => m.startLineNumber)).toEqual([2, 3]);
    expect(markers[1]?.message).toContain("pip install runs without --no-cache-dir");
    expect(markers[1]?.message).not.toContain("Dockerfile:2");
  });

  it("keeps only the file's own findings, and draws a line past the end on the last line", () => {
    const check = { ...findings(DOCKERFILE)[0]!, location: "Dockerfile:40", message: "m" };
    const other = { ...check, location: "requirements.txt:1" };
    const short = { path: "Dockerfile", lines: ["FROM x", ""] };
    const markers = markersFor([check, other], short, lessonUrl);
    expect(markers).toHaveLength(1);
    // An empty last line still gets a mark one character wide.
    expect(markers[0]).toMatchObject({ startLineNumber: 2, startColumn: 1, endColumn: 2 });
  });
});
