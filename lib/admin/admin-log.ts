import "server-only";
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
import { prisma } from "../db/client";
import { listExercises } from "../exercises/load-exercise";
import { Prisma } from "../generated/prisma/client";
import {
  containsPattern,
  PAGE_SIZE,
  type Pagination,
  pageNumberSchema,
  paginate,
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
export type AdminLogQuery = z.infer<typeof adminLogQuerySchema>;

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

export interface AdminLogPage extends Pagination {
  entries: AdminLogEntry[];
}

const entryRowSchema = z.object({
  id: z.string(),
  action: adminActionSchema,
  actorId: z.string().nullable(),
  actorName: z.string(),
  actorEmail: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  details: z.unknown(),
  createdAt: z.date(),
  targetEmail: z.string().nullable(),
  submissionExists: z.boolean(),
  classExists: z.boolean(),
});

const actionsTargeting = (kind: AdminTargetKind) => ADMIN_ACTIONS.filter((a) => ADMIN_ACTION_TARGET[a] === kind);

/** Entries newest first, fifty a page, optionally of one action and by actors matching a name or email. */
export async function listAdminActions({ action, actor, page }: AdminLogQuery): Promise<AdminLogPage> {
  const where = Prisma.join(
    [
      action ? Prisma.sql`a.action = ${action}::"AdminActionKind"` : Prisma.sql`TRUE`,
      actor
        ? Prisma.sql`(a."actorName" ILIKE ${containsPattern(actor)} OR a."actorEmail" ILIKE ${containsPattern(actor)})`
        : Prisma.sql`TRUE`,
    ],
    " AND ",
  );
  const [{ total }] = z
    .tuple([z.object({ total: z.number().int() })])
    .parse(await prisma().$queryRaw`SELECT count(*)::int AS total FROM admin_action a WHERE ${where}`);
  const pagination = paginate(total, page);
  const [rows, exercises] = await Promise.all([
    prisma().$queryRaw`
      SELECT a.id::text AS id, a.action::text AS action, a."actorId", a."actorName", a."actorEmail", a."targetId",
             a."targetLabel", a.details, a."createdAt", tu.email AS "targetEmail",
             (ts.id IS NOT NULL) AS "submissionExists", (tc.id IS NOT NULL) AS "classExists"
        FROM admin_action a
        LEFT JOIN "user" tu ON a.action::text = ANY(${actionsTargeting("user")}) AND tu.id = a."targetId"
        LEFT JOIN submission ts ON a.action::text = ANY(${actionsTargeting("submission")}) AND ts.id = a."targetId"
        LEFT JOIN class tc ON a.action::text = ANY(${actionsTargeting("class")}) AND tc.id = a."targetId"
       WHERE ${where}
       ORDER BY a."createdAt" DESC, a.id DESC
       LIMIT ${PAGE_SIZE} OFFSET ${pagination.offset}`,
    listExercises(),
  ]);
  const exerciseSlugs = new Set(exercises.map((e) => e.slug));
  const entries = z
    .array(entryRowSchema)
    .parse(rows)
    .map((row): AdminLogEntry => {
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
