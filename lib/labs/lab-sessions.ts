import "server-only";
import type pg from "pg";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import type { LabStatus } from "./lab-lifecycle";
import { type LabTaskStatus, labTaskStatusSchema } from "./lab-protocol";
import { loadLab } from "./load-lab";

type Db = pg.Pool | pg.PoolClient;

export interface LabRow {
  id: string;
  userId: string;
  slug: string;
  status: LabStatus;
  runnerId: string | null;
  closeReason: string | null;
  createdAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

/** What `GET /api/labs/:id` answers: a lab as its learner sees it (never the host it is on). */
export interface LabState {
  id: string;
  slug: string;
  status: LabStatus;
  /** Why it closed, for the learner; null while it is live. */
  closeReason: string | null;
  /** Its place in the queue (1: next to start); only while it is queued. */
  position?: number;
  /** When it opened: the total time limit counts from it. */
  openedAt: Date | null;
  closedAt: Date | null;
  /** Each task's latest standing as the lab host read it, in the lab's task order. */
  tasks: LabTaskStatus[];
}

// Ids are made here (UUIDs) and by Prisma (cuids): anything else names no lab, and a NUL or a megabyte of text must
// not reach the database, where it would fail as a 500 instead of the 404 every unknown lab gets.
const LAB_ID = /^[A-Za-z0-9_-]{1,64}$/;

const NOT_YOURS = "There is no such lab, or it is not yours. Start a lab from its page.";

/**
 * A lab of the caller's own, for every request about one: only its learner may see it, type into it, preview its
 * ports, follow it or close it. Anyone else, staff included, gets the same 404 as for a lab that does not exist,
 * so a guessed id reveals nothing.
 */
export async function ownLab(
  userId: string,
  sessionId: string,
  db: Db = pool(),
  { lock = false }: { lock?: boolean } = {},
): Promise<LabRow> {
  if (!LAB_ID.test(sessionId)) throw new RequestError("NOT_FOUND", NOT_YOURS);
  const { rows } = await db.query<LabRow>(
    `SELECT l.id, l."userId", l."labSlug" AS slug, l.status::text AS status, l."runnerId", l."closeReason",
            l."createdAt", l."openedAt", l."closedAt"
     FROM lab_session l WHERE l.id = $1 ${lock ? "FOR UPDATE" : ""}`,
    [sessionId],
  );
  const row = rows[0];
  if (!row || row.userId !== userId) throw new RequestError("NOT_FOUND", NOT_YOURS);
  return row;
}

/**
 * A queued lab's place in the queue: 1 plus the queued labs created before it (lab hosts claim the oldest first).
 * Undefined once it has left the queue.
 */
export async function labQueuePosition(db: Db, sessionId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ position: number }>(
    `SELECT 1 + (SELECT count(*)::int FROM lab_session o
                 WHERE o.status = 'queued' AND (o."createdAt", o.id) < (l."createdAt", l.id)) AS position
     FROM lab_session l WHERE l.id = $1 AND l.status = 'queued'`,
    [sessionId],
  );
  return rows[0]?.position;
}

/** `GET /api/labs/:id`: the lab as its learner sees it, with where it stands in the queue and its tasks. */
export async function getLab(user: CurrentUser, sessionId: string): Promise<LabState> {
  const lab = await ownLab(user.id, sessionId);
  const [position, tasks] = await Promise.all([
    lab.status === "queued" ? labQueuePosition(pool(), lab.id) : undefined,
    latestTaskStatuses(lab),
  ]);
  return {
    id: lab.id,
    slug: lab.slug,
    status: lab.status,
    closeReason: lab.closeReason,
    ...(position === undefined ? {} : { position }),
    openedAt: lab.openedAt,
    closedAt: lab.closedAt,
    tasks,
  };
}

/** The last task event of each task in the lab's log: a page that loads late starts from where the tasks stand. */
async function latestTaskStatuses(lab: LabRow): Promise<LabTaskStatus[]> {
  const { rows } = await pool().query<{ data: unknown }>(
    `SELECT DISTINCT ON (data->>'id') data FROM lab_event
     WHERE "sessionId" = $1 AND type = 'task' ORDER BY data->>'id', id DESC`,
    [lab.id],
  );
  const tasks = rows.flatMap((r) => {
    const parsed = labTaskStatusSchema.safeParse(r.data);
    return parsed.success ? [parsed.data] : [];
  });
  // A lab taken out of the course still has sessions to show; its tasks then keep the log's order.
  const order = await loadLab(lab.slug).then(
    (l) => l.spec.tasks.map((t) => t.id),
    () => [] as string[],
  );
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return tasks.sort((a, b) => rank(a.id) - rank(b.id));
}
