import "server-only";
import { pool } from "../db/pool";
import { listEventsAfter } from "./event-log";
import { EMPTY_VIEW, foldEvent, type SubmissionView } from "./fold-events";

/** A submission's stored events folded, so a page load renders at once and the stream carries only what is new. */
export async function loadSubmissionView(submissionId: string): Promise<SubmissionView> {
  let view = EMPTY_VIEW;
  for (;;) {
    const events = await listEventsAfter(pool(), submissionId, view.lastEventId);
    for (const event of events) view = foldEvent(view, event);
    if (events.length < 500) return view;
  }
}
