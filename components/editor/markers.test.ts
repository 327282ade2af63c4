import { describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "@/lib/exercises/exercise-schema";
import type { CheckResult } from "@/lib/grading/result-schema";
import { runStaticChecks, STATIC_CHECKS } from "@/lib/grading/static/run-static-checks";
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
        code: { value: "Open the lesson", target: "http://app.test/lessons/installing-packages-cleanly" },
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

  it("never shows a check id: hovers name checks by their titles", () => {
    const careless = [
      "FROM python:latest",
      "ARG API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "WORKDIR app",
      "RUN apt-get update",
      "RUN sudo apt-get install -y gcc curl && curl -fsSL https://example.test/i.sh | sh",
      "RUN cd /srv && pip install flask",
      "ADD . .",
      "EXPOSE 5000",
      "CMD uvicorn app:app --host 127.0.0.1",
      "CMD python app.py",
      "",
    ].join("\n");
    const found = runStaticChecks({
      dockerfile: careless,
      files: [
        { path: "Dockerfile", content: careless },
        { path: "requirements.txt", content: "flask\n" },
        { path: ".env", content: "A=1\n" },
      ],
      checks: exerciseChecksSchema.parse({ run: { port: 8000, requireHealthcheck: true } }),
      editable: ["Dockerfile"],
    }).filter((c) => c.status === "fail" || c.status === "warn");
    expect(found.length).toBeGreaterThan(10);
    const markers = ["Dockerfile", "requirements.txt"].flatMap((path) =>
      markersFor(found, { path, lines: careless.split("\n") }, (slug) => `http://app.test/lessons/${slug}`),
    );
    expect(markers.length).toBeGreaterThanOrEqual(found.length);
    const shown = markers.map((m) => [m.message, m.source, m.code?.value].join("\n")).join("\n");
    for (const { id } of STATIC_CHECKS) expect(shown).not.toContain(id);
    expect(shown).not.toMatch(/\b(security|size|cache|correctness|gpu)\.[a-z]+-[a-z]/);
  });
});
