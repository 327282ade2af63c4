import type { ResultDocument } from "../grading/result-schema";
import type { SubmissionEvent } from "./event-types";
import { INITIAL_STATUS, type SubmissionStatus } from "./lifecycle";

/** What a learner sees of a submission: the fold of its events, shared by the server render and the live stream. */
export interface SubmissionView {
  status: SubmissionStatus;
  message?: string;
  /** What it was told when queued (no GPU grader online); unlike `message`, it stays for the whole grading. */
  notice?: string;
  log: string;
  phase?: string;
  result?: ResultDocument;
  /** Id of the last event folded in; the live stream resumes after it. */
  lastEventId: string;
}

export const EMPTY_VIEW: SubmissionView = { status: INITIAL_STATUS, log: "", lastEventId: "0" };

export function foldEvent(view: SubmissionView, event: SubmissionEvent & { id?: string }): SubmissionView {
  const next = { ...view, lastEventId: event.id ?? view.lastEventId };
  switch (event.type) {
    case "status":
      return {
        ...next,
        status: event.data.status,
        message: event.data.message,
        ...(event.data.status === "queued" && event.data.message ? { notice: event.data.message } : {}),
      };
    case "log":
      return { ...next, log: view.log + event.data.text };
    case "phase":
      return { ...next, phase: event.data.state === "started" ? event.data.name : undefined };
    case "result":
      return { ...next, result: event.data };
  }
}
