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

/**
 * The viewer's standing on a lab's page, plain data for the browser: without starting anything (a GET must not queue
 * a lab), it tells whether there is a session of this lab to follow (a reload, a second tab), another lab in the way
 * (which must close before this one can start), and which of its tasks are already done, in any session. A lab whose
 * host died counts as gone, as starting a lab would find it.
 */
export async function labView(user: CurrentUser, slug: string) {
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
