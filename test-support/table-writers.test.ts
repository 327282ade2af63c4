import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  declaredWriters,
  moduleOf,
  tablesOfModels,
  tablesWritten,
  writerProblems,
  writersInCode,
} from "./table-writers";

const ROOT = path.resolve(import.meta.dirname, "..");
const schema = readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
const tables = new Set(tablesOfModels(schema).values());

describe("every table has one writer", () => {
  it("is written only by the module docs/architecture.md names, and every table has one named", () => {
    const declared = declaredWriters(readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8"));
    expect(writerProblems(writersInCode(), declared, tables)).toEqual([]);
  });

  it("finds a second writer in SQL or Prisma, and says where", () => {
    const models = tablesOfModels(schema);
    const sql = tablesWritten(`await db.query(\`UPDATE lti_score_sync SET attempts = 0\`);`, models);
    const orm = tablesWritten(`await prisma().lessonProgress.upsert({ where })`, models);
    expect([...sql, ...orm]).toEqual(["lti_score_sync", "lesson_progress"]);
    const inCode = new Map([["lti_score_sync", new Map([["lib/lti", ["lib/lti/score-sync.ts"]]])]]);
    const declared = new Map([...tables].map((t) => [t, t === "lti_score_sync" ? "lib/scores-due" : "lib/x"]));
    expect(writerProblems(inCode, declared, tables)).toEqual([
      "lti_score_sync is lib/scores-due's to write, but lib/lti/score-sync.ts writes it too",
    ]);
    expect(moduleOf("sandbox-runner/labs/served-lab.ts")).toBe("sandbox-runner");
  });
});
