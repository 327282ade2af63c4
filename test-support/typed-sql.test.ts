import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * One typed way to write SQL: Kysely (lib/db/typed-sql.ts), whose rows are generated from schema.prisma, beside
 * Prisma's own queries. Raw SQL through Prisma runs only on a Prisma transaction (`tx.$queryRaw`, where Kysely cannot
 * join in), its rows checked by zod. No row type is written by hand (`query<{ … }>`, `$queryRaw<…>`, `sql<{ … }>`),
 * and SQL as text on a pg client (`.query(`) is left only where there are no app rows to type, in the files below.
 */

/**
 * Statements about the database itself rather than the app's tables: the migration ledger, which exists before any
 * schema does, and the role catalog (pg_roles, current_user). schema.prisma describes neither, so no generated row
 * can type them; each such row type stays small and beside its one statement.
 */
const ABOUT_THE_DATABASE = new Set<string>(["lib/db/migrate.ts", "lib/host-roles/host-roles.ts"]);

/** Where SQL is text on a pg client on purpose, and why: none of it reads the app's rows. */
const TEXT_SQL = new Map<string, string>([
  ["lib/db/migrate.ts", "the migrations' own SQL files and their ledger"],
  ["lib/db/embedded-postgres.ts", "making the local cluster's database and role"],
  ["lib/db/transaction.ts", "BEGIN, COMMIT and ROLLBACK"],
  ["lib/host-roles/host-roles.ts", "roles and grants (DDL)"],
  ["lib/events/event-bus.ts", "LISTEN on a client of its own"],
  ["sandbox-runner/sessions/session-host.ts", "LISTEN on a client of its own"],
  ["lib/queue/boss.ts", "pg-boss's own SQL, run on the caller's client"],
  ["sandbox-runner/lease.ts", "pg-boss's own SQL, run on the lease's transaction"],
  ["lib/course-policy/course-policy.ts", "savepoints around one help snapshot"],
  ["lib/labs/kept-lab-store.ts", "the per-learner advisory lock"],
  ["lib/audit/action-log.ts", "one statement run on a Prisma transaction or a pg client alike"],
  ["lib/scores-due/scores-due.ts", "one statement run on a Prisma transaction or a pg client alike"],
]);

const ROOT = path.resolve(import.meta.dirname, "..");
const HAND_TYPED = /\.(?:query|\$queryRaw|\$queryRawUnsafe)<|\bsql<\s*\{/;
const AS_TEXT = /\.query\(/;
/** Raw SQL through Prisma outside a transaction: Kysely's to say. */
const PRISMA_RAW_ALONE = /prisma\(\)\s*\.\s*\$(?:queryRaw|executeRaw)/;

function handTyped(text: string): boolean {
  return HAND_TYPED.test(text);
}

function productionFiles(): string[] {
  const listed = ["ls-files", "--cached", "--others", "--exclude-standard", "lib", "app", "sandbox-runner", "scripts"];
  return execFileSync("git", listed, { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("/testing/"))
    .filter((f) => !f.startsWith("lib/generated/") && existsSync(path.join(ROOT, f)));
}

describe("typed SQL", () => {
  const files = productionFiles().map((f) => ({ f, text: readFileSync(path.join(ROOT, f), "utf8") }));

  it("leaves hand-typed rows only in statements about the database itself, and lists no file that has none", () => {
    const found = files.filter(({ text }) => handTyped(text)).map(({ f }) => f);
    expect(
      found.filter((f) => !ABOUT_THE_DATABASE.has(f)),
      "hand-typed rows in a file not listed",
    ).toEqual([]);
    expect(
      [...ABOUT_THE_DATABASE].filter((f) => !found.includes(f)),
      "listed, but has none left",
    ).toEqual([]);
  });

  it("runs SQL as text only where there are no app rows to type, and raw Prisma SQL only in a transaction", () => {
    const asText = files.filter(({ text }) => AS_TEXT.test(text)).map(({ f }) => f);
    expect(
      asText.filter((f) => !TEXT_SQL.has(f)),
      "SQL as text in a file not listed: write it with typedSql()",
    ).toEqual([]);
    expect(
      [...TEXT_SQL.keys()].filter((f) => !asText.includes(f)),
      "listed, but has none left",
    ).toEqual([]);
    expect(files.filter(({ text }) => PRISMA_RAW_ALONE.test(text)).map(({ f }) => f)).toEqual([]);
  });

  it("sees a row type written by hand, SQL as text, and raw Prisma SQL outside a transaction", () => {
    expect(handTyped("const { rows } = await db.query<{ id: string }>(`SELECT id FROM x`);")).toBe(true);
    expect(handTyped("await tx.$queryRaw<Row[]>`SELECT 1`")).toBe(true);
    expect(handTyped("const rows = await typedSql(db).selectFrom('x').selectAll().execute();")).toBe(false);
    expect(AS_TEXT.test("const { rows } = await pool().query(`SELECT id FROM x`);")).toBe(true);
    expect(PRISMA_RAW_ALONE.test("await prisma().$queryRaw`SELECT 1`")).toBe(true);
    expect(PRISMA_RAW_ALONE.test("await tx.$queryRaw`SELECT 1`")).toBe(false);
  });
});
