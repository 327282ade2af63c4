import type pg from "pg";
import type { Prisma } from "../generated/prisma/client";
import {
  ADMIN_ACTION_DETAILS,
  ADMIN_ACTION_TARGET,
  type AdminActionDetails,
  type AdminActionKind,
  adminActionSchema,
} from "./admin-actions";

/**
 * The admin log: what staff did with their powers (role changes, re-grades, gradebook exports, admins made on the
 * command line, shells opened in a learner's image), who did it and when. It is append-only: this module only
 * inserts, admin-log.ts only reads, and no other code touches the table.
 *
 * No "server-only" marker here: `npm run create-admin` writes entries too.
 *
 * An entry is written in the caller's transaction where the action has one, so the action and its entry commit or
 * roll back together. It snapshots the actor's name and email and the target's label, so it still reads right after
 * the account is renamed or deleted (the actor's id then becomes null; see schema.prisma).
 */

/** Who acted: a signed-in account, or `npm run create-admin` on the server. */
export type AdminActor = { id: string } | "command-line";

const COMMAND_LINE_NAME = "the command line";

/** Where the entry is written: a Prisma transaction, or a pg client inside its own transaction. */
type LogWriter = Prisma.TransactionClient | pg.ClientBase;

export type NewAdminAction = {
  [A in AdminActionKind]: {
    action: A;
    /** Required exactly when the action has a target (ADMIN_ACTION_TARGET). */
    target?: { id: string; label: string };
    details: AdminActionDetails<A>;
  };
}[AdminActionKind];

const COLUMNS = `action, "actorId", "actorName", "actorEmail", "targetId", "targetLabel", details`;
const FROM_ACCOUNT = `INSERT INTO admin_action (${COLUMNS})
  SELECT $1::"AdminActionKind", u.id, u.name, u.email, $3, $4, $5::jsonb FROM "user" u WHERE u.id = $2`;
const FROM_COMMAND_LINE = `INSERT INTO admin_action (${COLUMNS})
  VALUES ($1::"AdminActionKind", NULL, $2, NULL, $3, $4, $5::jsonb)`;

async function execute(db: LogWriter, text: string, values: unknown[]): Promise<number> {
  if ("$executeRawUnsafe" in db) return db.$executeRawUnsafe(text, ...values);
  return (await db.query(text, values)).rowCount ?? 0;
}

/**
 * Appends one entry. The details are checked against the action's schema and the actor's name and email are read
 * from their row in the same statement; an actor that does not exist throws, which rolls the caller's action back.
 */
export async function recordAdminAction(db: LogWriter, actor: AdminActor, entry: NewAdminAction): Promise<void> {
  const action = adminActionSchema.parse(entry.action);
  const details = ADMIN_ACTION_DETAILS[action].parse(entry.details);
  if (Boolean(ADMIN_ACTION_TARGET[action]) !== Boolean(entry.target)) {
    throw new Error(`An admin log entry for ${action} ${entry.target ? "has no" : "needs a"} target.`);
  }
  const target = [entry.target?.id ?? null, entry.target?.label ?? null, JSON.stringify(details)];
  const written =
    actor === "command-line"
      ? await execute(db, FROM_COMMAND_LINE, [action, COMMAND_LINE_NAME, ...target])
      : await execute(db, FROM_ACCOUNT, [action, actor.id, ...target]);
  if (written !== 1) throw new Error(`The admin log could not name the account ${JSON.stringify(actor)}.`);
}
