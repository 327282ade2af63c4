import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { strandedSessionSql } from "../sessions/stranded-sessions";
import { type LabStatus, LIVE_LAB_STATUSES } from "./lab-lifecycle";
import { labTasksDone } from "./lab-progress";
import { labQueuePosition } from "./lab-sessions";
import { LAB_SESSIONS } from "./lab-store";
import { loadLab } from "./load-lab";

/** What a lab's page needs before anything starts. Plain data, so a server page can hand it to the browser. */
export interface LabView {
  /** The viewer's live session of this lab, to follow again (a reload, a second tab). */
  lab: { id: string; status: LabStatus; position?: number } | null;
  /** The viewer's live session of another lab, which must close before this one can start. */
  elsewhere: { id: string; slug: string; title: string; status: LabStatus } | null;
  /** Ids of this lab's tasks the viewer has done, in any session. */
  tasksDone: string[];
}

/**
 * The viewer's standing on a lab's page: without starting anything (a GET must not queue a lab), it tells whether
 * there is a session to follow, another lab in the way, and which tasks are already done. A lab whose host died
 * counts as gone, as starting a lab would find it.
 */
export async function labView(user: CurrentUser, slug: string): Promise<LabView> {
  const [{ rows }, tasksDone] = await Promise.all([
    pool().query<{ id: string; slug: string; status: LabStatus }>(
      `SELECT l.id, l."labSlug" AS slug, l.status::text AS status FROM lab_session l
       WHERE l."userId" = $1 AND l.status::text = ANY($2::text[]) AND NOT ${strandedSessionSql(LAB_SESSIONS, "l")}
       ORDER BY l."createdAt" DESC`,
      [user.id, LIVE_LAB_STATUSES],
    ),
    labTasksDone(user.id, slug),
  ]);
  const mine = rows.find((r) => r.slug === slug);
  const other = rows.find((r) => r.slug !== slug);
  const position = mine?.status === "queued" ? await labQueuePosition(pool(), mine.id) : undefined;
  return {
    lab: mine ? { id: mine.id, status: mine.status, ...(position === undefined ? {} : { position }) } : null,
    elsewhere: other
      ? {
          ...other,
          // A lab taken out of the course may still be live; its slug then stands for its title.
          title: await loadLab(other.slug).then(
            (l) => l.spec.title,
            () => other.slug,
          ),
        }
      : null,
    tasksDone,
  };
}
