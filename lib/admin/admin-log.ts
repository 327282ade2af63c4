import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import {
  ADMIN_ACTION_DETAILS,
  ADMIN_ACTION_TARGET,
  ADMIN_ACTIONS,
  type AdminActionDetails,
  type AdminActionKind,
  type AdminTargetKind,
  adminActionSchema,
} from "../audit/admin-actions";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { listExercises } from "../exercises/load-exercise";
import {
  containsPattern,
  countPages,
  PAGE_SIZE,
  type Pagination,
  pageNumberSchema,
  searchTextSchema,
} from "../list-query/list-query";

// Reading the admin log (written by action-log.ts) for the admins' page.

/** The log page's query string; a value that does not parse falls back to "no filter" or the first page. */
export const adminLogQuerySchema = z.object({
  action: adminActionSchema.optional().catch(undefined),
  /** Part of the actor's name or email, as it was when they acted. */
  actor: searchTextSchema.optional().catch(undefined),
  page: pageNumberSchema.catch(1),
});
type AdminLogQuery = z.infer<typeof adminLogQuerySchema>;

export interface AdminLogActor {
  /** Null for the command line, and once the account has been deleted. */
  id: string | null;
  name: string;
  email: string | null;
  commandLine: boolean;
}

export interface AdminLogTarget {
  kind: AdminTargetKind;
  id: string;
  /** As it was when the action happened. */
  label: string;
  /** The account, submission or exercise is still there, so a link to it leads somewhere. */
  exists: boolean;
  /** A user target's current email (null for other targets, and for a deleted account). */
  email: string | null;
}

export type AdminLogEntry = {
  [A in AdminActionKind]: {
    id: string;
    action: A;
    at: Date;
    actor: AdminLogActor;
    target: AdminLogTarget | null;
    details: AdminActionDetails<A>;
  };
}[AdminActionKind];

export type AdminLogPage = Pagination & { entries: AdminLogEntry[] };

/** The entry `a` targets a row of this kind. */
const targets = (kind: AdminTargetKind) =>
  sql<boolean>`a.action::text = ANY(${ADMIN_ACTIONS.filter((a) => ADMIN_ACTION_TARGET[a] === kind)}::text[])`;

/** Entries newest first, fifty a page, optionally of one action and by actors matching a name or email. */
export async function listAdminActions({ action, actor, page }: AdminLogQuery): Promise<AdminLogPage> {
  const pattern = actor ? containsPattern(actor) : undefined;
  const log = typedSql(pool())
    .selectFrom("admin_action as a")
    .$if(action !== undefined, (b) => b.where("a.action", "=", action!))
    .$if(pattern !== undefined, (b) =>
      b.where((w) => w.or([w("a.actorName", "ilike", pattern!), w("a.actorEmail", "ilike", pattern!)])),
    );
  const pagination = await countPages(log, page);
  const [rows, exercises] = await Promise.all([
    log
      .leftJoin("user as tu", (j) => j.on(targets("user")).onRef("tu.id", "=", "a.targetId"))
      .leftJoin("submission as ts", (j) => j.on(targets("submission")).onRef("ts.id", "=", "a.targetId"))
      .leftJoin("class as tc", (j) => j.on(targets("class")).onRef("tc.id", "=", "a.targetId"))
      .select(["a.id", "a.action", "a.actorId", "a.actorName", "a.actorEmail", "a.targetId", "a.targetLabel"])
      .select(["a.details", "a.createdAt", "tu.email as targetEmail"])
      .select([
        sql<boolean>`(ts.id IS NOT NULL)`.as("submissionExists"),
        sql<boolean>`(tc.id IS NOT NULL)`.as("classExists"),
      ])
      .orderBy("a.createdAt", "desc")
      .orderBy("a.id", "desc")
      .limit(PAGE_SIZE)
      .offset(pagination.offset)
      .execute(),
    listExercises(),
  ]);
  const exerciseSlugs = new Set(exercises.map((e) => e.slug));
  const entries = rows.map((row): AdminLogEntry => {
    const kind = ADMIN_ACTION_TARGET[row.action];
    const exists = {
      user: row.targetEmail !== null,
      submission: row.submissionExists,
      exercise: exerciseSlugs.has(row.targetId ?? ""),
      class: row.classExists,
    };
    return {
      id: row.id,
      action: row.action,
      at: row.createdAt,
      actor: {
        id: row.actorId,
        name: row.actorName,
        email: row.actorEmail,
        commandLine: row.actorId === null && row.actorEmail === null,
      },
      target:
        kind && row.targetId !== null
          ? {
              kind,
              id: row.targetId,
              label: row.targetLabel ?? row.targetId,
              exists: exists[kind],
              email: row.targetEmail,
            }
          : null,
      // The union cannot be narrowed through the lookup; the schema of this very action checked the value.
      details: ADMIN_ACTION_DETAILS[row.action].parse(row.details),
    } as AdminLogEntry;
  });
  return { ...pagination, entries };
}
