import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { helpAt, helpLessons } from "./dockerfile-help";
import { languageFor } from "./languages";

const lines = [
  "FROM python:3.11-slim AS build",
  "RUN --mount=type=cache,target=/root/.cache/pip \\",
  "    pip install -r requirements.txt",
  "COPY --chown=app:app --from=build /srv /srv",
  "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health",
  "user app",
];

/** The column of the `nth` occurrence of `text` on a line, plus `offset`: where the pointer rests. */
const col = (line: number, text: string, offset = 0) => lines[line - 1]!.indexOf(text) + 1 + offset;

describe("helpAt", () => {
  it("explains an instruction at the start of an instruction, in any case", () => {
    expect(helpAt(lines, 1, 2)?.help.title).toBe("FROM");
    expect(helpAt(lines, 1, 2)).toMatchObject({ startColumn: 1, endColumn: 5 });
    expect(helpAt(lines, 6, 2)?.help).toMatchObject({ title: "USER", lesson: "running-as-non-root" });
  });

  it("explains flags, the most specific first", () => {
    expect(helpAt(lines, 2, col(2, "--mount", 3))?.help.title).toBe("RUN --mount=type=cache");
    expect(helpAt(lines, 4, col(4, "--chown", 2))?.help.title).toBe("COPY --chown");
    expect(helpAt(lines, 4, col(4, "--from", 2))?.help.title).toBe("COPY --from");
    expect(helpAt(lines, 5, col(5, "--interval", 2))?.help.title).toBe("HEALTHCHECK options");
  });

  it("knows CMD after HEALTHCHECK, and that a continuation line starts no instruction", () => {
    expect(helpAt(lines, 5, col(5, "CMD", 1))?.help.title).toBe("CMD");
    expect(helpAt(lines, 3, col(3, "pip", 1))).toBeUndefined();
    expect(helpAt(lines, 1, col(1, "AS", 1))).toBeUndefined();
    expect(helpAt(lines, 1, lines[0]!.length + 5)).toBeUndefined();
  });

  it("links only lessons the course has", () => {
    const root = path.resolve(import.meta.dirname, "../../content/modules");
    const slugs = new Set(
      readdirSync(root).flatMap((m) => readdirSync(path.join(root, m, "lessons")).map((l) => l.replace(/^\d+-/, ""))),
    );
    for (const lesson of helpLessons()) expect(slugs, lesson).toContain(lesson);
  });
});

describe("languageFor", () => {
  it("picks a highlighter for the files exercises have", () => {
    expect(
      ["Dockerfile", "app/main.py", "compose.yaml", "requirements.txt", ".dockerignore", "run.sh", ".env", "x.c"].map(
        languageFor,
      ),
    ).toEqual(["dockerfile", "python", "yaml", "pip-requirements", "ignore-file", "shell", "shell", "c"]);
    expect(languageFor("data/messages.csv")).toBe("plaintext");
  });
});
