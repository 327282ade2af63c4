import { describe, expect, it } from "vitest";
import { diffFileSets } from "./file-diff";

const file = (path: string, content: string) => ({ path, content });

describe("diffFileSets", () => {
  it("says a file is unchanged when both sides are identical, with no hunks", () => {
    const files = [file("Dockerfile", "FROM python:3.11-slim\n")];
    expect(diffFileSets(files, files)).toEqual([
      { path: "Dockerfile", change: "unchanged", added: 0, removed: 0, hunks: [] },
    ]);
  });

  it("gives added and removed lines with their line numbers on each side, and context around them", () => {
    const before = 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n';
    const after = 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nCMD ["python", "main.py"]\n';
    const [diff] = diffFileSets([file("Dockerfile", before)], [file("Dockerfile", after)]);
    expect(diff).toMatchObject({ path: "Dockerfile", change: "modified", added: 1, removed: 1 });
    expect(diff!.hunks).toEqual([
      {
        header: "@@ -1,4 +1,4 @@",
        lines: [
          { kind: "context", text: "FROM python:3.11-slim", oldLine: 1, newLine: 1 },
          { kind: "context", text: "WORKDIR /srv", oldLine: 2, newLine: 2 },
          { kind: "remove", text: "COPY . .", oldLine: 3 },
          { kind: "add", text: "COPY app/ ./app/", newLine: 3 },
          { kind: "context", text: 'CMD ["python", "main.py"]', oldLine: 4, newLine: 4 },
        ],
      },
    ]);
  });

  it("splits distant changes into hunks with three lines of context", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((l, i) => (i === 1 || i === 25 ? `${l} changed` : l));
    const [diff] = diffFileSets([file("a.txt", lines.join("\n"))], [file("a.txt", changed.join("\n"))]);
    expect(diff!.hunks.map((h) => h.header)).toEqual(["@@ -1,5 +1,5 @@", "@@ -23,7 +23,7 @@"]);
    expect(diff!.hunks[1]!.lines.find((l) => l.kind === "add")).toEqual({
      kind: "add",
      text: "line 26 changed",
      newLine: 26,
    });
  });

  it("compares a file only one side has with an empty file, keeping the order of both sides", () => {
    const diffs = diffFileSets(
      [file("Dockerfile", "FROM a\n"), file("old.txt", "gone\n")],
      [file("Dockerfile", "FROM a\n"), file("new.txt", "one\ntwo\n")],
    );
    expect(diffs.map((d) => [d.path, d.change, d.added, d.removed])).toEqual([
      ["Dockerfile", "unchanged", 0, 0],
      ["old.txt", "removed", 0, 1],
      ["new.txt", "added", 2, 0],
    ]);
    expect(diffs[2]!.hunks[0]!.lines).toEqual([
      { kind: "add", text: "one", newLine: 1 },
      { kind: "add", text: "two", newLine: 2 },
    ]);
  });

  it("takes a missing newline at the end of a file for no change, alone or beside real changes", () => {
    expect(diffFileSets([file("f", "a\nb")], [file("f", "a\nb\n")])).toEqual([
      { path: "f", change: "unchanged", added: 0, removed: 0, hunks: [] },
    ]);
    const [diff] = diffFileSets([file("f", "a\nb")], [file("f", "a\nc\n")]);
    expect(diff!.hunks[0]!.lines).toEqual([
      { kind: "context", text: "a", oldLine: 1, newLine: 1 },
      { kind: "remove", text: "b", oldLine: 2 },
      { kind: "add", text: "c", newLine: 2 },
    ]);
  });

  it("gives up line by line on two files too different to compare quickly", () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join("\n");
    const started = performance.now();
    expect(diffFileSets([file("big", a)], [file("big", b)])).toEqual([
      { path: "big", change: "modified", added: 0, removed: 0, hunks: [], tooLarge: true },
    ]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
