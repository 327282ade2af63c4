import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { canSeeLearner, learnersInView, staffScope } from "../access/staff-scope";
import { boundedName } from "../auth/account-limits";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { hasClassStaff } from "../learner-access/learner-access";
import type { HelpItemKind, HelpMessageView, HelpStatus, WatchStanding } from "./help-protocol";
import { type HelpRequestRow, helpRequestRow, helpRequestViews, itemTitles, learnerRequestRows } from "./help-rows";
import { watchableSession } from "./watch-session";

/**
 * A help request's thread: its learner and the staff who may see them read, write and resolve it; only the learner
 * decides on watching. Anyone else gets the same 404 as for no request, so ids cannot be probed.
 */

type Reader = Pick<CurrentUser, "id" | "role">;

const notFound = () => new RequestError("NOT_FOUND", "There is no such request for help, or you may not see it.");

/** How the reader stands to a request: the learner who asked, staff who may see them, or neither (NOT_FOUND). */
async function access(user: Reader, id: string): Promise<{ row: HelpRequestRow; owner: boolean; staff: boolean }> {
  const row = await helpRequestRow(id);
  if (!row) throw notFound();
  const owner = row.userId === user.id;
  const staff = !owner && (await canSeeLearner(await staffScope(user), row.userId));
  if (!owner && !staff) throw notFound();
  return { row, owner, staff };
}

/** How many requests of these learners (null: everyone's) are open. */
export async function openRequestCount(db: pg.Pool | pg.PoolClient, learners: readonly string[] | null) {
  const { open } = await typedSql(db)
    .selectFrom("help_request")
    .select(sql<number>`count(*)::int`.as("open"))
    .where("status", "=", "open")
    .$if(learners !== null, (q) => q.where("userId", "=", sql<string>`ANY(${learners}::text[])`))
    .executeTakeFirstOrThrow();
  return open;
}

/** The learner's requests about one item (newest first), their open ones over every item, and whether they can ask. */
export async function helpForLearner(userId: string, item: { kind: HelpItemKind; slug: string }) {
  const [canAsk, rows, openCount] = await Promise.all([
    hasClassStaff(userId),
    learnerRequestRows(userId, item.kind, item.slug),
    openRequestCount(pool(), [userId]),
  ]);
  return { canAsk, openCount, requests: await helpRequestViews(rows) };
}

/** Requests listed at most: a staff page, not an archive. */
const INBOX_ROWS = 200;

/** The requests of the learners the staff member may see: open ones longest waiting first, then the latest resolved. */
export async function helpInbox(user: Reader, { status }: { status?: HelpStatus } = {}) {
  const learners = await learnersInView(await staffScope(user), null);
  if (learners?.length === 0) return [];
  const [kind, state] = [sql<HelpItemKind>`h.kind`.as("kind"), sql<HelpStatus>`h.status`.as("status")];
  const open = sql<boolean>`h.status = 'open'`;
  const messages = sql<number>`(SELECT count(*)::int FROM help_message m WHERE m."requestId" = h.id)`.as("messages");
  const parsed = await typedSql(pool())
    .selectFrom("help_request as h")
    .innerJoin("user as u", "u.id", "h.userId")
    .select(["h.id", kind, "h.itemSlug", "h.userId", "u.name", "u.email", "h.question", state, "h.watchConsent"])
    .select(["h.createdAt", "h.updatedAt", messages])
    .$if(learners !== null, (q) => q.where("h.userId", "=", sql<string>`ANY(${learners}::text[])`))
    .$if(status !== undefined, (q) => q.where("h.status", "=", status!))
    .orderBy(open, "desc")
    .orderBy(sql`CASE WHEN ${open} THEN h."createdAt" END`)
    .orderBy("h.updatedAt", "desc")
    .orderBy("h.id")
    .limit(INBOX_ROWS)
    .execute();
  const titleOf = await itemTitles(parsed);
  return parsed.map(({ userId, name, email, createdAt, updatedAt, ...row }) => ({
    ...row,
    itemTitle: titleOf(row),
    learner: { id: userId, name: boundedName(name), email },
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  }));
}

/** How many requests wait in the staff member's inbox: the instructor area's link says it. */
export async function openHelpCount(user: Reader): Promise<number> {
  const learners = await learnersInView(await staffScope(user), null);
  return learners?.length === 0 ? 0 : openRequestCount(pool(), learners);
}

/** One request as staff read it, with the learner and the lab they may watch now; 404 when not theirs to see. */
export async function helpRequestForStaff(user: Reader, id: string) {
  const { row, staff } = await access(user, id);
  if (!staff) throw notFound();
  const [[view], who, watch] = await Promise.all([
    helpRequestViews([row]),
    typedSql(pool()).selectFrom("user").select(["name", "email"]).where("id", "=", row.userId).executeTakeFirst(),
    watchableSession(user, row),
  ]);
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
  if (row.status !== "open")
    throw new RequestError(
      "CONFLICT",
      staff
        ? "This request is resolved: the learner asks again if they need more help."
        : "This request is marked solved. Ask again if you need more help.",
    );
  const message = { requestId: row.id, authorId: user.id, body };
  const { id: messageId, createdAt } = await typedSql(pool())
    .with("m", (db) => db.insertInto("help_message").values(message).returning(["id", "createdAt"]))
    .with("touched", (db) => db.updateTable("help_request").set({ updatedAt: sql`now()` }).where("id", "=", row.id))
    .selectFrom("m")
    .select(["id", "createdAt"])
    .executeTakeFirstOrThrow();
  const author = await typedSql(pool()).selectFrom("user").select("name").where("id", "=", user.id).executeTakeFirst();
  return {
    id: messageId,
    body,
    createdAt: createdAt.toISOString(),
    author: { name: boundedName(author?.name ?? ""), staff },
  };
}

/** Marks a request resolved (the learner's "Mark solved", staff's "Resolved"): watching ends with it. */
export async function resolveHelp(user: Reader, id: string): Promise<void> {
  const { row } = await access(user, id);
  const resolved = typedSql(pool()).updateTable("help_request").set({ status: "resolved", updatedAt: sql`now()` });
  await resolved.where((w) => w.and({ id: row.id, status: "open" })).execute();
}

/**
 * The learner gives or withdraws consent to staff watching one tab (`tab`; absent: the one shared so far) of their
 * lab while the request is open; once withdrawn, no further byte reaches staff (watch-session.ts).
 */
export async function setWatchConsent(user: Reader, id: string, consent: boolean, tab?: number): Promise<void> {
  const { row, owner } = await access(user, id);
  if (!owner) throw new RequestError("FORBIDDEN", "Only the learner who asked decides who may watch their lab.");
  if (row.kind !== "lab") throw new RequestError("BAD_REQUEST", "Only a lab's terminal can be watched.");
  if (consent && row.status !== "open")
    throw new RequestError("CONFLICT", "This request is marked solved: nobody watches for it any more.");
  const watch = { watchConsent: consent, ...(tab === undefined ? {} : { watchTab: tab }), updatedAt: sql<Date>`now()` };
  await typedSql(pool()).updateTable("help_request").set(watch).where("id", "=", row.id).execute();
}
