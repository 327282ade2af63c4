import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { RequestError } from "../errors/request-error";
import { formatRelativeTime } from "../format/relative-time";
import { assertMayAct } from "../learner-access/learner-access";
import { openSession } from "../sessions/open-session";
import type { LiveSession } from "../sessions/own-session";
import type { SessionStatus } from "../sessions/session-lifecycle";
import type { OpenSession } from "../sessions/session-protocol";
import { LAB_LIMITS } from "./lab-limits";
import { labTitle, loadLab } from "./load-lab";

/**
 * Starts a lab for the learner, or hands back the one of that lab they already have (openSession: at most
 * LAB_LIMITS.perUser live labs per account). The lab waits in the queue until a lab host with a free account
 * claims it. The host resumes the learner's kept lab of this slug, unless `fresh` (start over) asks it to forget
 * that one; a live lab handed back is the one the learner has, so `fresh` changes nothing there.
 */
export async function startLab(user: CurrentUser, body: Extract<OpenSession, { kind: "lab" }>) {
  const lab = await loadLab(body.slug);
  // A lab given as a timed assessment runs only inside the learner's window; it is closed at the window's end.
  await assertMayAct(user.id, { kind: "lab", itemSlug: lab.slug }, "start");
  const started = await openSession(user.id, "lab", body, {
    same: (live) => live.labSlug === lab.slug,
    async admit(_client, live) {
      if (live.length >= LAB_LIMITS.perUser) throw await limitReached(live[0]!);
      return { labSlug: lab.slug, fresh: body.fresh === true };
    },
  });
  return { ...started, slug: lab.slug };
}

const STANDING: Record<SessionStatus, string> = {
  queued: "waiting for a machine",
  starting: "starting",
  open: "open",
  closed: "closed",
};

/** 409 naming the lab that is live, with its id so the page can offer to close it. */
async function limitReached(other: LiveSession): Promise<RequestError> {
  const slug = other.labSlug!;
  const title = await labTitle(slug);
  const allowed = LAB_LIMITS.perUser === 1 ? "one lab" : `${LAB_LIMITS.perUser} labs`;
  return new RequestError(
    "CONFLICT",
    `You already have the lab "${title}" ${STANDING[other.status]} (started ${formatRelativeTime(other.createdAt)}), ` +
      `and an account may have ${allowed} at a time. Close that lab (its Close button, or close it from here), ` +
      "then start this one.",
    { reason: "lab-live", sessionId: other.id, slug, title, status: other.status },
  );
}
