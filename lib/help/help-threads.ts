import "server-only";
import { z } from "zod";
import { canSeeLearner, learnersInView, staffScope } from "../access/staff-scope";
import { boundedName } from "../auth/account-limits";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { hasClassStaff } from "../learner-access/learner-access";
import {
  HELP_ITEM_KINDS,
  HELP_STATUSES,
  type HelpInboxRow,
  type HelpItemKind,
  type HelpMessageView,
  type HelpStatus,
  type LearnerHelp,
  type StaffHelpRequestView,
  type WatchStanding,
} from "./help-protocol";
import { type HelpRequestRow, helpRequestRow, helpRequestViews, itemTitles, learnerRequestRows } from "./help-rows";
import { watchableSession } from "./watch-session";

/**
 * A help request's thread and standing: the learner who asked and the staff who may see that learner
 * (lib/access/staff-scope.ts) read it, write in it and mark it resolved; only the learner gives or withdraws consent
 * to watching. Anyone else gets the same 404 as for a request that does not exist, so ids cannot be probed.
 */

type Reader = Pick<CurrentUser, "id" | "role">;

const NOT_FOUND_MESSAGE = "There is no such request for help, or you may not see it.";
const notFound = () => new RequestError("NOT_FOUND", NOT_FOUND_MESSAGE);

/** How the reader stands to a request: the learner who asked, staff who may see them, or neither (NOT_FOUND). */
async function access(user: Reader, id: string): Promise<{ row: HelpRequestRow; owner: boolean; staff: boolean }> {
  const row = await helpRequestRow(id);
  if (!row) throw notFound();
  const owner = row.userId === user.id;
  const staff = !owner && (await canSeeLearner(await staffScope(user), row.userId));
  if (!owner && !staff) throw notFound();
  return { row, owner, staff };
}

/** The learner's requests about one lab or exercise with their threads, and whether they can ask at all. */
export async function helpForLearner(userId: string, item: { kind: HelpItemKind; slug: string }): Promise<LearnerHelp> {
  const [canAsk, rows, open] = await Promise.all([
    hasClassStaff(userId),
    learnerRequestRows(userId, item.kind, item.slug),
    pool().query<{ open: number }>(
      `SELECT count(*)::int AS open FROM help_request WHERE "userId" = $1 AND status = 'open'`,
      [userId],
    ),
  ]);
  return { canAsk, openCount: open.rows[0]?.open ?? 0, requests: await helpRequestViews(rows) };
}

const inboxRowSchema = z.object({
  id: z.string(),
  kind: z.enum(HELP_ITEM_KINDS),
  itemSlug: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  question: z.string(),
  status: z.enum(HELP_STATUSES),
  watchConsent: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  messages: z.number().int(),
});

/** Requests listed at most: a staff page, not an archive. */
const INBOX_ROWS = 200;

/**
 * The requests of the learners the staff member may see (every learner's, for an admin; never another class's):
 * open ones first, the longest waiting first, then resolved ones, the latest first. `status` keeps one kind.
 */
export async function helpInbox(user: Reader, { status }: { status?: HelpStatus } = {}): Promise<HelpInboxRow[]> {
  const learners = await learnersInView(await staffScope(user), null);
  if (learners?.length === 0) return [];
  const { rows } = await pool().query(
    `SELECT h.id, h.kind, h."itemSlug", h."userId", u.name, u.email, h.question, h.status, h."watchConsent",
            h."createdAt", h."updatedAt",
            (SELECT count(*)::int FROM help_message m WHERE m."requestId" = h.id) AS messages
       FROM help_request h JOIN "user" u ON u.id = h."userId"
      WHERE ($1::text[] IS NULL OR h."userId" = ANY($1::text[])) AND ($2::text IS NULL OR h.status = $2)
      ORDER BY h.status = 'open' DESC,
               CASE WHEN h.status = 'open' THEN h."createdAt" END ASC,
               h."updatedAt" DESC, h.id
      LIMIT $3`,
    [learners, status ?? null, INBOX_ROWS],
  );
  const parsed = z.array(inboxRowSchema).parse(rows);
  const titles = await itemTitles(parsed);
  return parsed.map((row) => ({
    id: row.id,
    kind: row.kind,
    itemSlug: row.itemSlug,
    itemTitle: titles.get(`${row.kind}:${row.itemSlug}`) ?? row.itemSlug,
    learner: { id: row.userId, name: boundedName(row.name), email: row.email },
    question: row.question,
    status: row.status,
    watchConsent: row.watchConsent,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    messages: row.messages,
  }));
}

/** How many requests wait in the staff member's inbox: the instructor area's link says it. */
export async function openHelpCount(user: Reader): Promise<number> {
  const learners = await learnersInView(await staffScope(user), null);
  if (learners?.length === 0) return 0;
  const { rows } = await pool().query<{ open: number }>(
    `SELECT count(*)::int AS open FROM help_request
      WHERE status = 'open' AND ($1::text[] IS NULL OR "userId" = ANY($1::text[]))`,
    [learners],
  );
  return rows[0]?.open ?? 0;
}

/** One request as staff read it, with the learner and the lab they may watch now; 404 when not theirs to see. */
export async function helpRequestForStaff(user: Reader, id: string): Promise<StaffHelpRequestView> {
  const { row, staff } = await access(user, id);
  if (!staff) throw notFound();
  const [[view], learner, watch] = await Promise.all([
    helpRequestViews([row]),
    pool().query<{ name: string; email: string }>(`SELECT name, email FROM "user" WHERE id = $1`, [row.userId]),
    watchableSession(user, row),
  ]);
  const who = learner.rows[0];
  return {
    ...view!,
    learner: { id: row.userId, name: boundedName(who?.name ?? ""), email: who?.email ?? "" },
    watch,
  };
}

/** Whether staff may watch the request's lab now, which tab, and if not, why sharing stopped (a watch page's ask). */
export async function watchStanding(user: Reader, id: string): Promise<WatchStanding> {
  const { row, staff } = await access(user, id);
  if (!staff) throw notFound();
  const watch = await watchableSession(user, row);
  if (watch) return { watch, stopped: null };
  return { watch, stopped: row.status !== "open" ? "resolved" : row.watchConsent ? "lab" : "sharing" };
}

/** A message in the thread of an open request, by its learner or by staff who may see them. */
export async function replyToHelp(user: Reader, id: string, body: string): Promise<HelpMessageView> {
  const { row, staff } = await access(user, id);
  if (row.status !== "open") {
    throw new RequestError(
      "CONFLICT",
      staff
        ? "This request is resolved: the learner asks again if they need more help."
        : "This request is marked solved. Ask again if you need more help.",
    );
  }
  const { rows } = await pool().query<{ id: string; createdAt: Date }>(
    `WITH m AS (INSERT INTO help_message ("requestId", "authorId", body) VALUES ($1, $2, $3)
                RETURNING id::text, "createdAt"),
          touched AS (UPDATE help_request SET "updatedAt" = now() WHERE id = $1)
     SELECT id, "createdAt" FROM m`,
    [row.id, user.id, body],
  );
  const { rows: names } = await pool().query<{ name: string }>(`SELECT name FROM "user" WHERE id = $1`, [user.id]);
  return {
    id: rows[0]!.id,
    body,
    createdAt: rows[0]!.createdAt.toISOString(),
    author: { name: boundedName(names[0]?.name ?? ""), staff },
  };
}

/** Marks a request resolved (the learner's "Mark solved", staff's "Resolved"): watching ends with it. */
export async function resolveHelp(user: Reader, id: string): Promise<void> {
  const { row } = await access(user, id);
  await pool().query(
    `UPDATE help_request SET status = 'resolved', "updatedAt" = now() WHERE id = $1 AND status = 'open'`,
    [row.id],
  );
}

/**
 * The learner gives or withdraws their consent to staff watching one tab of their lab's terminal, read-only, while
 * the request is open, or shares another tab (`tab`; absent: the one shared so far). Withdrawing waits for a batch
 * being sent to staff to finish (its row lock), and once committed no further byte reaches them
 * (lib/help/watch-session.ts).
 */
export async function setWatchConsent(user: Reader, id: string, consent: boolean, tab?: number): Promise<void> {
  const { row, owner } = await access(user, id);
  if (!owner) throw new RequestError("FORBIDDEN", "Only the learner who asked decides who may watch their lab.");
  if (row.kind !== "lab") throw new RequestError("BAD_REQUEST", "Only a lab's terminal can be watched.");
  if (consent && row.status !== "open") {
    throw new RequestError("CONFLICT", "This request is marked solved: nobody watches for it any more.");
  }
  await pool().query(
    `UPDATE help_request SET "watchConsent" = $2, "watchTab" = coalesce($3, "watchTab"), "updatedAt" = now()
      WHERE id = $1`,
    [row.id, consent, tab ?? null],
  );
}
