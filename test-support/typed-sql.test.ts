import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * No row type is written by hand: SQL is written with Kysely (lib/db/typed-sql.ts), whose rows are generated from
 * schema.prisma. The files below still hold statements typed by hand (`query<{ … }>`, `$queryRaw<…>`) from before;
 * each moves to Kysely and leaves the list. A new file with one fails, and so does a listed file that has none left,
 * so the list is always exactly what remains.
 */
const NOT_YET_TYPED = new Set<string>([
  "lib/access/staff-scope.ts",
  "lib/auth/sign-in-throttle.ts",
  "lib/classes/classes.ts",
  "lib/classes/invitations.ts",
  "lib/classes/next-term.ts",
  "lib/db/migrate.ts",
  "lib/drafts/drafts.ts",
  "lib/exercises/hints.ts",
  "lib/help/ask-for-help.ts",
  "lib/help/help-threads.ts",
  "lib/help/watch-session.ts",
  "lib/host-roles/host-roles.ts",
  "lib/instructor/regrade.ts",
  "lib/labs/kept-lab-store.ts",
  "lib/labs/lab-progress.ts",
  "lib/runners/liveness.ts",
  "lib/sessions/get-session.ts",
  "lib/sessions/own-session.ts",
  "lib/sessions/queue-estimate.ts",
  "lib/sessions/session-store.ts",
  "lib/sessions/stranded-sessions.ts",
  "lib/shell/open-shell.ts",
  "lib/shell/shell-availability.ts",
  "lib/solutions/solution.ts",
  "lib/submissions/event-log.ts",
  "lib/submissions/grading-plan.ts",
  "lib/submissions/history.ts",
  "lib/submissions/queue-standing.ts",
  "lib/submissions/rate-limit.ts",
  "lib/submissions/transition.ts",
  "lib/submissions/withdraw-submission.ts",
  "lib/timed/timed-labs.ts",
  "lib/timed/timed-staff.ts",
  "sandbox-runner/grading-job.ts",
  "sandbox-runner/kept-images.ts",
  "sandbox-runner/labs/lab-host.ts",
  "sandbox-runner/labs/served-lab.ts",
  "sandbox-runner/lease.ts",
  "sandbox-runner/sessions/session-host.ts",
  "sandbox-runner/shell/served-shell.ts",
  "sandbox-runner/shell/shell-host.ts",
  "sandbox-runner/submission-in-flight.ts",
]);

const ROOT = path.resolve(import.meta.dirname, "..");
const HAND_TYPED = /\.(?:query|\$queryRaw|\$queryRawUnsafe)<|\bsql<\s*\{/;

function handTyped(text: string): boolean {
  return HAND_TYPED.test(text);
}

describe("typed SQL", () => {
  it("leaves hand-typed rows only in the files still to move to Kysely, and lists no file that has none", () => {
    const listed = [
      "ls-files",
      "--cached",
      "--others",
      "--exclude-standard",
      "lib",
      "app",
      "sandbox-runner",
      "scripts",
    ];
    const files = execFileSync("git", listed, {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("/testing/"))
      .filter((f) => !f.startsWith("lib/generated/") && existsSync(path.join(ROOT, f)));
    const found = files.filter((f) => handTyped(readFileSync(path.join(ROOT, f), "utf8")));
    expect(
      found.filter((f) => !NOT_YET_TYPED.has(f)),
      "hand-typed rows in a file not listed",
    ).toEqual([]);
    expect(
      [...NOT_YET_TYPED].filter((f) => !found.includes(f)),
      "listed, but has none left",
    ).toEqual([]);
  });

  it("sees a row type written by hand", () => {
    expect(handTyped("const { rows } = await db.query<{ id: string }>(`SELECT id FROM x`);")).toBe(true);
    expect(handTyped("await tx.$queryRaw<Row[]>`SELECT 1`")).toBe(true);
    expect(handTyped("const rows = await typedSql(db).selectFrom('x').selectAll().execute();")).toBe(false);
  });
});
