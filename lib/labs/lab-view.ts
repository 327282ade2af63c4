import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { liveSessions } from "../sessions/own-session";
import type { SessionStatus } from "../sessions/session-lifecycle";
import { labTasksDone } from "./lab-progress";
import { labTitle } from "./load-lab";

/** The viewer's live lab (a learner has one at a time), newest first should there be more: what /labs says is open. */
export async function liveLab(userId: string): Promise<{ slug: string; status: SessionStatus } | null> {
  const [live] = await liveSessions(pool(), userId, "lab");
  return live?.labSlug ? { slug: live.labSlug, status: live.status } : null;
}

/** What a lab's page needs before anything starts. Plain data, so a server page can hand it to the browser. */
export interface LabView {
  /** The viewer's live session of this lab, to follow again (a reload, a second tab). */
  lab: { id: string; status: SessionStatus } | null;
  /** The viewer's live session of another lab, which must close before this one can start. */
  elsewhere: { id: string; slug: string; title: string; status: SessionStatus } | null;
  /** Ids of this lab's tasks the viewer has done, in any session. */
  tasksDone: string[];
}

/**
 * The viewer's standing on a lab's page: without starting anything (a GET must not queue a lab), it tells whether
 * there is a session to follow, another lab in the way, and which tasks are already done. A lab whose host died
 * counts as gone, as starting a lab would find it.
 */
export async function labView(user: CurrentUser, slug: string): Promise<LabView> {
  const [live, tasksDone] = await Promise.all([liveSessions(pool(), user.id, "lab"), labTasksDone(user.id, slug)]);
  const mine = live.find((r) => r.labSlug === slug);
  const other = live.find((r) => r.labSlug !== slug);
  return {
    lab: mine ? { id: mine.id, status: mine.status } : null,
    elsewhere: other?.labSlug
      ? { id: other.id, slug: other.labSlug, status: other.status, title: await labTitle(other.labSlug) }
      : null,
    tasksDone,
  };
}
