import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { HintsView } from "@/lib/exercises/hints";
import { diffFileSets } from "@/lib/file-sets/file-diff";
import { HintsPanel } from "./hints-panel";
import { SolutionPanel } from "./solution-panel";

const view: HintsView = {
  exercise: "layer-order",
  open: [{ index: 0, text: "Copy `requirements.txt` on its own.", how: "attempts" }],
  total: 3,
  remaining: 2,
  failures: 1,
  next: { index: 1, afterMoreFailures: 2 },
};

describe("HintsPanel", () => {
  it("shows the open hints under a heading, says when the next unlocks, and offers to show it", () => {
    const html = renderToStaticMarkup(<HintsPanel exercise="layer-order" initial={view} />);
    expect(html).toContain('<h2 id="hints-title"');
    expect(html).toContain("Hint 1</h3>");
    expect(html).toContain("<code");
    expect(html).toContain("2 hints left. Hint 2 unlocks after 2 more failed attempts.");
    expect(html).toMatch(/<button type="button"[^>]*>Show next hint<\/button>/);
    expect(html).toContain('aria-live="polite"');
  });

  it("says when the next hint opens only on request, and offers nothing once every hint is open", () => {
    const onRequest = renderToStaticMarkup(
      <HintsPanel exercise="layer-order" initial={{ ...view, next: { index: 1 } }} />,
    );
    expect(onRequest).toContain("Hint 2 opens only when you ask for it.");
    const all = renderToStaticMarkup(
      <HintsPanel exercise="layer-order" initial={{ ...view, total: 1, remaining: 0, next: undefined }} />,
    );
    expect(all).toContain("Every hint is open.");
    expect(all).not.toContain("Show next hint");
  });

  it("renders nothing for an exercise without hints", () => {
    const none = { ...view, open: [], total: 0, remaining: 0, next: undefined };
    expect(renderToStaticMarkup(<HintsPanel exercise="x" initial={none} />)).toBe("");
  });
});

describe("SolutionPanel", () => {
  it("shows only the reason while the solution is closed", () => {
    const html = renderToStaticMarkup(
      <SolutionPanel exercise="x" initial={{ open: false, reason: "The reference solution opens once you pass." }} />,
    );
    expect(html).toContain("Reference solution</h2>");
    expect(html).toContain("The reference solution opens once you pass.");
    expect(html).not.toContain('data-testid="diff"');
  });

  it("shows the diff from the last attempt and the files once open", () => {
    const solution = {
      exercise: "x",
      by: "passed" as const,
      files: [{ path: "Dockerfile", content: "FROM python:3.11-slim\nCOPY requirements.txt .\n" }],
      comparedWith: { label: "your last attempt", attemptId: "s1" },
      diff: diffFileSets(
        [{ path: "Dockerfile", content: "FROM python:3.11-slim\nCOPY . .\n" }],
        [{ path: "Dockerfile", content: "FROM python:3.11-slim\nCOPY requirements.txt .\n" }],
      ),
    };
    const html = renderToStaticMarkup(<SolutionPanel exercise="x" initial={{ open: true, by: "passed", solution }} />);
    expect(html).toContain("You passed this exercise");
    expect(html).toContain('data-testid="diff"');
    expect(html).toMatch(/data-diff="remove".*COPY \. \./);
    expect(html).toMatch(/data-diff="add".*COPY requirements\.txt \./);
    expect(html).toContain('data-testid="attempt-file"');
  });

  it("asks before showing an open solution it has not sent, saying that the ask is seen by instructors", () => {
    const html = renderToStaticMarkup(
      <SolutionPanel exercise="x" initial={{ open: true, by: "deadline", solution: null }} />,
    );
    expect(html).toContain("can no longer earn credit");
    expect(html).toContain("Your instructors see when you first open it");
    expect(html).toMatch(/<button[^>]*>Show the reference solution<\/button>/);
    expect(html).not.toContain('data-testid="diff"');
  });
});
