import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const PRODUCTION_DIRS = ["app", "components", "lib", "scripts", "sandbox-runner"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "testing" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("the admin log", () => {
  it("is append-only: no production code updates or deletes an entry, and only action-log.ts inserts", () => {
    const changes = /\b(UPDATE\s+"?admin_action|DELETE\s+FROM\s+"?admin_action|TRUNCATE\b[^;]*admin_action)/i;
    const prismaChanges = /\badminAction\.(update|updateMany|upsert|delete|deleteMany|create|createMany)\b/;
    const inserts = /\bINSERT\s+INTO\s+"?admin_action/i;
    const found: string[] = [];
    for (const dir of PRODUCTION_DIRS) {
      for (const file of sourceFiles(path.join(root, dir))) {
        const source = readFileSync(file, "utf8");
        const name = path.relative(root, file);
        if (changes.test(source) || prismaChanges.test(source)) found.push(`${name} changes entries`);
        if (inserts.test(source) && name !== path.join("lib", "audit", "action-log.ts")) found.push(`${name} inserts`);
      }
    }
    expect(found).toEqual([]);
    // The scan reads what it should: the writer's own insert is seen.
    expect(inserts.test(readFileSync(path.join(root, "lib/audit/action-log.ts"), "utf8"))).toBe(true);
  });
});
