import "server-only";
import { type InferResult, sql } from "kysely";
import { boundedName } from "../auth/account-limits";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { loadExercise } from "../exercises/load-exercise";
import { labTitle } from "../labs/load-lab";
import { rowIdSchema } from "../list-query/list-query";
import {
  exerciseSnapshotSchema,
  type HelpItemKind,
  type HelpMessageView,
  type HelpSnapshot,
  type HelpStatus,
  labSnapshotSchema,
} from "./help-protocol";

/** help_request and help_message as the pages read them: the one place their rows become views. */

function requestRows() {
  const [kind, status] = [sql<HelpItemKind>`h.kind`.as("kind"), sql<HelpStatus>`h.status`.as("status")];
  return typedSql(pool())
    .selectFrom("help_request as h")
    .select(["h.id", "h.userId", kind, "h.itemSlug", "h.sessionId", "h.question", "h.snapshot", "h.watchConsent"])
    .select(["h.watchTab", status, "h.createdAt", "h.updatedAt"]);
}
export type HelpRequestRow = InferResult<ReturnType<typeof requestRows>>[number];

/** One request's row, or undefined; an id of no possible shape names none. */
export async function helpRequestRow(id: string): Promise<HelpRequestRow | undefined> {
  if (!rowIdSchema.safeParse(id).success) return undefined;
  return requestRows().where("h.id", "=", id).executeTakeFirst();
}

/** A learner's requests about one item, newest first. */
export function learnerRequestRows(userId: string, kind: HelpItemKind, slug: string): Promise<HelpRequestRow[]> {
  return requestRows()
    .where((w) => w.and({ "h.userId": userId, "h.kind": kind, "h.itemSlug": slug }))
    .orderBy("h.createdAt", "desc")
    .orderBy("h.id", "desc")
    .limit(50)
    .execute();
}

/** The requests' threads, oldest message first, keyed by request id; staff are every author but the learner. */
async function messagesOf(requests: readonly HelpRequestRow[]): Promise<Map<string, HelpMessageView[]>> {
  const threads = new Map<string, HelpMessageView[]>(requests.map((r) => [r.id, []]));
  if (requests.length === 0) return threads;
  const learnerOf = new Map(requests.map((r) => [r.id, r.userId]));
  const rows = await typedSql(pool())
    .selectFrom("help_message as m")
    .leftJoin("user as u", "u.id", "m.authorId")
    .select(["m.id", "m.requestId", "m.authorId", "u.name as authorName", "m.body", "m.createdAt"])
    .where("m.requestId", "=", sql<string>`ANY(${requests.map((r) => r.id)}::text[])`)
    .orderBy("m.id")
    .execute();
  for (const row of rows) {
    threads.get(row.requestId)?.push({
      id: row.id,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      author:
        row.authorId === null || row.authorName === null
          ? null
          : { name: boundedName(row.authorName), staff: row.authorId !== learnerOf.get(row.requestId) },
    });
  }
  return threads;
}

/** Why a lab's engine is not in its snapshot yet: its host was asked to read it. */
export const ENGINE_WAITING = "waiting for the lab machine";

/** How long the lab host has to answer before the snapshot says it did not (a host that stopped, or an old one). */
const ENGINE_ANSWER_MS = 60_000;

/** What a request's snapshot says, read by its kind; one that no longer reads is shown as empty, never a 500. */
function snapshotOf(row: HelpRequestRow): HelpSnapshot {
  if (row.kind === "lab") {
    const lab = labSnapshotSchema.safeParse(row.snapshot);
    if (!lab.success) {
      const reason = "the snapshot could not be read";
      const engine = { kind: "unread" as const, readAt: row.createdAt.toISOString(), reason };
      return { kind: "lab", lab: { tasks: [], output: "", outputFrom: "none", engine } };
    }
    const { engine } = lab.data;
    const late =
      engine.kind === "unread" &&
      engine.reason === ENGINE_WAITING &&
      Date.now() - row.createdAt.getTime() > ENGINE_ANSWER_MS;
    return {
      kind: "lab",
      lab: late ? { ...lab.data, engine: { ...engine, reason: "the lab machine did not answer" } } : lab.data,
    };
  }
  return { kind: "exercise", exercise: exerciseSnapshotSchema.safeParse(row.snapshot).data ?? { attempt: null } };
}

/** The rows as views, with their threads and their items' titles (each title read once). */
export async function helpRequestViews(requests: readonly HelpRequestRow[]) {
  const [threads, titleOf] = await Promise.all([messagesOf(requests), itemTitles(requests)]);
  return requests.map((row) => {
    const { userId: _, sessionId: _s, ...view } = row;
    return {
      ...view,
      itemTitle: titleOf(row),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      snapshot: snapshotOf(row),
      messages: threads.get(row.id) ?? [],
    };
  });
}

type Item = Pick<HelpRequestRow, "kind" | "itemSlug">;

/** Each row's item's title, every item read once; one taken out of the course since keeps its slug. */
export async function itemTitles(rows: readonly Item[]): Promise<(row: Item) => string> {
  const key = (row: Item) => `${row.kind}:${row.itemSlug}`;
  const items = [...new Map(rows.map((row) => [key(row), row])).values()];
  const titles = await Promise.all(
    items.map(({ kind, itemSlug }) =>
      kind === "lab"
        ? labTitle(itemSlug)
        : loadExercise(itemSlug).then(
            (e) => e.spec.title,
            () => itemSlug,
          ),
    ),
  );
  const byKey = new Map(items.map((item, i) => [key(item), titles[i]!]));
  return (row) => byKey.get(key(row)) ?? row.itemSlug;
}
