import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/*
 * Who writes each table: the one module that holds every INSERT, UPDATE, DELETE, MERGE or TRUNCATE of it in SQL,
 * and every Prisma create, update, upsert or delete of its model. A module is a folder of lib/ (`lib/classes`), the
 * sandbox runner (`sandbox-runner`), or a script. docs/architecture.md names each table's writer; the test beside
 * this file compares the two.
 */

const ROOT = path.resolve(import.meta.dirname, "..");

const SQL_WRITE =
  /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?([a-z_]+)"?/g;
const PRISMA_WRITES =
  "create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany";
const PRISMA_WRITE = new RegExp(`\\.\\s*([a-z][A-Za-z]*)\\s*\\.\\s*(?:${PRISMA_WRITES})\\s*\\(`, "g");

/** Table names by Prisma model name (`lessonProgress` → `lesson_progress`), from schema.prisma's @@map. */
export function tablesOfModels(schema: string): Map<string, string> {
  const tables = new Map<string, string>();
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const mapped = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!;
    tables.set(model![0]!.toLowerCase() + model!.slice(1), mapped);
  }
  return tables;
}

/** The module a production file belongs to. */
export function moduleOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "lib" && parts.length > 2) return `lib/${parts[1]}`;
  if (parts[0] === "sandbox-runner") return "sandbox-runner";
  return file;
}

/** Every table a source text writes. Words that are no table (`UPDATE SET` in a comment) are left to the caller. */
export function tablesWritten(text: string, models: Map<string, string>): Set<string> {
  const written = new Set<string>();
  for (const [, table] of text.matchAll(SQL_WRITE)) written.add(table!);
  for (const [, model] of text.matchAll(PRISMA_WRITE)) {
    const table = models.get(model!);
    if (table) written.add(table);
  }
  return written;
}

/** The production files that may write: code of lib/, app/, sandbox-runner/ and scripts/, without tests. */
function productionFiles(): string[] {
  return execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "--", "lib", "app", "sandbox-runner", "scripts"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  )
    .split("\n")
    .filter((f) => existsSync(path.join(ROOT, f)))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("/testing/"))
    .filter((f) => !f.startsWith("lib/generated/"));
}

/** Each table written, with the modules (and the files in them) that write it. */
export function writersInCode(): Map<string, Map<string, string[]>> {
  const models = tablesOfModels(readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8"));
  const tables = new Set(models.values());
  const writers = new Map<string, Map<string, string[]>>();
  for (const file of productionFiles()) {
    for (const table of tablesWritten(readFileSync(path.join(ROOT, file), "utf8"), models)) {
      if (!tables.has(table)) continue;
      const byModule = writers.get(table) ?? new Map<string, string[]>();
      byModule.set(moduleOf(file), [...(byModule.get(moduleOf(file)) ?? []), file]);
      writers.set(table, byModule);
    }
  }
  return writers;
}

/** The writers docs/architecture.md names: the rows `| \`table\` | \`module\` | … |` of its "Who writes" table. */
export function declaredWriters(markdown: string): Map<string, string> {
  const section = markdown.split(/^### Who writes each table$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  const declared = new Map<string, string>();
  for (const [, table, writer] of section.matchAll(/^\| `([a-z_]+)` \| `([^`]+?)\/?` \|/gm))
    declared.set(table!, writer!);
  return declared;
}

/** What disagrees between the code and the docs, one sentence each. */
export function writerProblems(
  inCode: Map<string, Map<string, string[]>>,
  declared: Map<string, string>,
  tables: Set<string>,
): string[] {
  const problems: string[] = [];
  for (const [table, byModule] of inCode) {
    const owner = declared.get(table);
    if (!owner)
      problems.push(
        `${table} is written by ${[...byModule.keys()].join(", ")} but docs/architecture.md names no writer`,
      );
    for (const [module, files] of byModule) {
      if (owner && module !== owner)
        problems.push(`${table} is ${owner}'s to write, but ${files.join(", ")} writes it too`);
    }
  }
  for (const table of declared.keys()) {
    if (!tables.has(table))
      problems.push(`docs/architecture.md names a writer of ${table}, which schema.prisma has not`);
  }
  for (const table of tables) {
    if (!declared.has(table)) problems.push(`docs/architecture.md names no writer of ${table}`);
  }
  return problems;
}
