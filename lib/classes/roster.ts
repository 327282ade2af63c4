import "server-only";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { requireManagedClass, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import { accountEmailSchema } from "../auth/account-fields";
import type { CurrentUser } from "../auth/current-user";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import type { ClassRole } from "../generated/kysely/database";

/** A roster is a class list, not a bulk load: a larger file is most likely the wrong file. */
export const ROSTER_LIMITS = { rows: 5000, bytes: 1024 * 1024 } as const;

export type RosterResult = Awaited<ReturnType<typeof importRoster>>;

/**
 * Reads a roster CSV: a header row with an `email` column (and optionally `role`: learner or ta), or rows of e-mail
 * and role. Lines that cannot be used are returned with the reason; the rest still count.
 */
export function parseRoster(csv: string) {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new RequestError("BAD_REQUEST", `The roster is not valid CSV: ${(err as Error).message}`);
  }
  if (records.length > ROSTER_LIMITS.rows + 1)
    throw new RequestError("BAD_REQUEST", `A roster can have at most ${ROSTER_LIMITS.rows} rows.`);
  const header = records[0]?.map((c) => c.toLowerCase());
  const emailColumn = header?.findIndex((c) => c === "email" || c === "e-mail" || c === "email address") ?? -1;
  const hasHeader = emailColumn >= 0;
  const roleColumn = hasHeader ? (header?.indexOf("role") ?? -1) : 1;
  // `line`: 1-based, for messages.
  const lines: Array<{ email: string; role: "learner" | "ta"; line: number }> = [];
  const refused: Array<{ line: number; text: string; reason: string }> = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    if (hasHeader && i === 0) return;
    const line = i + 1;
    const text = record.join(",");
    const email = accountEmailSchema.safeParse(record[hasHeader ? emailColumn : 0] ?? "");
    if (!email.success) {
      refused.push({ line, text, reason: email.error.issues[0]?.message ?? "not an e-mail address" });
      return;
    }
    const rawRole = (roleColumn >= 0 ? record[roleColumn] : "")?.toLowerCase() || "learner";
    const role = rawRole === "student" ? "learner" : rawRole === "teaching assistant" ? "ta" : rawRole;
    if (role !== "learner" && role !== "ta") {
      refused.push({ line, text, reason: `the role must be learner or ta, not "${rawRole}"` });
      return;
    }
    const key = email.data.toLowerCase();
    if (seen.has(key)) {
      refused.push({ line, text, reason: "this e-mail is on an earlier line" });
      return;
    }
    seen.add(key);
    lines.push({ email: key, role, line });
  });
  return { lines, refused };
}

/**
 * Imports a roster into a class the person manages: every e-mail not in the class is invited (never added: joining
 * shows staff the person's work); members are left as they are. Logged; answers the invited, already-in and refused.
 */
export async function importRoster(user: CurrentUser, classId: string, csv: string) {
  const taught = requireManagedClass(await staffScope(user), classId, "import a roster");
  if (Buffer.byteLength(csv) > ROSTER_LIMITS.bytes)
    throw new RequestError("PAYLOAD_TOO_LARGE", "A roster can be at most 1 MiB.");
  const { lines, refused } = parseRoster(csv);
  return inTransaction(async (client) => {
    // One statement: members are left alone, everyone else is invited; RETURNING says which happened.
    const emails = lines.map((l) => l.email);
    const roster = sql`unnest(${emails}::text[], ${lines.map((l) => l.role)}::text[])`.as<"r">(sql`r(email, role)`);
    const member = sql<boolean>`EXISTS (SELECT 1 FROM "user" u JOIN class_member m ON m."userId" = u.id
                                  AND m."classId" = ${classId} WHERE lower(u.email) = r.email)`;
    const matched = [sql<string>`r.email`.as("email"), sql<string>`r.role`.as("role"), member.as("member")];
    const role = sql<ClassRole>`role::"ClassRole"`.as("role");
    const invite = [sql<string>`${classId}`.as("classId"), "email", role, sql<string>`${user.id}`.as("by")] as const;
    const counts = await typedSql(client)
      .with("matched", (q) => q.selectFrom(roster).select(matched))
      .with("invited", (q) =>
        q
          .insertInto("class_invite")
          .columns(["classId", "email", "role", "invitedById"])
          .expression((eb) => eb.selectFrom("matched").select(invite).where(sql<boolean>`NOT member`))
          .onConflict((oc) => oc.columns(["classId", "email"]).doUpdateSet((eb) => ({ role: eb.ref("excluded.role") })))
          .returning(sql<number>`1`.as("one")),
      )
      .selectNoFrom([
        sql<number>`(SELECT count(*) FROM invited)::int`.as("invited"),
        sql<number>`(SELECT count(*) FROM matched WHERE member)::int`.as("already"),
      ])
      .executeTakeFirstOrThrow();
    await recordAdminAction(client, user, {
      action: "roster_imported",
      target: { id: classId, label: taught.name },
      details: { ...counts, refused: refused.length },
    });
    return { ...counts, refused };
  });
}
