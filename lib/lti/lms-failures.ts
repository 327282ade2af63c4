import { type LmsAnswer, LmsCallError } from "./lms-calls";
import { type ByLms, inLmsWords, type LmsFlavour } from "./lms-flavour";

/*
 * Why a score did not reach the LMS, in words: the class of a failure (kept with the score as `lastErrorCode`), read
 * from what the LMS answered, and for each class what it means and what to change in Canvas or Moodle. The class
 * page's send log and the admin's LMS check (lms-check.ts) both speak these words; docs/lti.md's "When scores do not
 * arrive" lists the same settings.
 */

export const SEND_ERRORS = [
  "token_refused",
  "scope_not_granted",
  "token_rejected",
  "line_item_gone",
  "course_closed",
  "learner_not_in_course",
  "refused",
  "lms_error",
  "no_answer",
  "unreachable",
  "address_refused",
  "unexpected",
] as const;
export type SendError = (typeof SEND_ERRORS)[number];

/** Canvas refuses a grade where the course or the enrolment is not open: unpublished, concluded or not started. */
const COURSE_CLOSED = /unpublished|not available|concluded|cannot be changed at this time|not (yet )?started/i;
const NOT_IN_COURSE = /not (found )?in (the )?course|not a student|not enrol?led|no (such )?user|user not found/i;

function classOf(answer: LmsAnswer): SendError {
  if (answer.noAnswer === "timeout") return "no_answer";
  if (answer.noAnswer === "unreachable") return "unreachable";
  if (answer.noAnswer === "private-address") return "address_refused";
  const status = answer.status ?? 0;
  if (status >= 500) return "lms_error";
  if (answer.step === "token") return answer.oauthError === "invalid_scope" ? "scope_not_granted" : "token_refused";
  if (status === 401) return "token_rejected";
  if (status === 403) return "scope_not_granted";
  if (status === 404 || status === 410) return "line_item_gone";
  if (answer.said && COURSE_CLOSED.test(answer.said)) return "course_closed";
  if (answer.said && NOT_IN_COURSE.test(answer.said)) return "learner_not_in_course";
  return "refused";
}

/**
 * A failure's class and the text kept with it: what happened ("Canvas answered 422 when Dockyard sent a score to …")
 * and, quoted, the LMS's own short message.
 */
export function classifyFailure(err: unknown): { code: SendError; text: string } {
  if (!(err instanceof LmsCallError)) {
    return { code: "unexpected", text: `Dockyard failed before the LMS answered: ${(err as Error)?.message ?? err}` };
  }
  const said = err.answer.said ? ` ${err.details?.lms ?? "The LMS"} said: “${err.answer.said}”` : "";
  return { code: classOf(err.answer), text: `${err.message}${said}`.slice(0, 1000) };
}

interface Explanation {
  /** In a few words, for a table cell: "the course is not published". */
  short: string;
  why: string;
  fix: ByLms;
}

/** Where Canvas and Moodle keep the tool's registration. */
export const DEVELOPER_KEY = "Admin → Developer Keys → Dockyard's LTI key";
export const MOODLE_TOOL = "Site administration → Plugins → Activity modules → External tool → Manage tools → Dockyard";

const EXPLANATIONS: Record<SendError, Explanation> = {
  token_refused: {
    short: "the LMS refused Dockyard's signed token request",
    why: "Without a token Dockyard can send no score: the LMS did not accept the request Dockyard signed with its key.",
    fix: {
      canvas:
        `In ${DEVELOPER_KEY}: the key must be ON, its Public JWK URL must be Dockyard's keyset URL, and Dockyard's ` +
        "Client ID (on /instructor/lti) must be the key's ID.",
      moodle:
        `In ${MOODLE_TOOL}: Public key type must be "Keyset URL" with Dockyard's keyset URL, and Dockyard's ` +
        "Client ID and Access token URL (on /instructor/lti) must be the ones Moodle shows under Tool " +
        "configuration details.",
    },
  },
  scope_not_granted: {
    short: "the LMS did not grant the grade service",
    why: "The LMS refused the grade service's permission (scope), so it takes no scores from Dockyard.",
    fix: {
      canvas:
        `In ${DEVELOPER_KEY} → LTI Advantage Services: turn on "Can create and update submission results for ` +
        'assignments associated with the tool" and "Can create and view assignment data in the gradebook ' +
        'associated with the tool", then save the key.',
      moodle:
        `In ${MOODLE_TOOL} → Services: set "IMS LTI Assignment and Grade Services" to "Use this service for grade ` +
        'sync and column management", and under Privacy set "Accept grades from the tool" to Always.',
    },
  },
  token_rejected: {
    short: "the LMS refused Dockyard's token",
    why: "The LMS gave Dockyard a token and then refused it, even a fresh one.",
    fix: {
      canvas: `Check that ${DEVELOPER_KEY} is still ON and that the tool is still installed in the course.`,
      moodle: `Check that the tool in ${MOODLE_TOOL} is still active and configured for this course.`,
    },
  },
  line_item_gone: {
    short: "the grade column is gone",
    why: "The grade column (line item) the launches named no longer exists, so the LMS has nowhere to put the score.",
    fix: {
      canvas:
        "The assignment was deleted or is no longer an External Tool assignment: restore it (Course → Settings → " +
        "Restore deleted items) or add the Dockyard item again as an assignment, then launch it once.",
      moodle:
        "The activity was deleted or its Grade type set to None: restore it or set Grade → Grade type to Point, " +
        "then launch it once.",
    },
  },
  course_closed: {
    short: "the course or assignment takes no grades now",
    why:
      "The LMS refuses grades for a course or assignment that is not open: unpublished, concluded, or an " +
      "enrolment that has ended.",
    fix: {
      canvas:
        "Publish the course (the course's Home → Publish) and the assignment (its publish toggle). For a concluded " +
        "course or enrolment, extend its end date (Settings → Course Details → Participation) or the term's.",
      moodle:
        "Make the activity visible to students and check the course's end date and the learner's enrolment " +
        "(Participants): Moodle keeps no grades for suspended or ended enrolments.",
    },
  },
  learner_not_in_course: {
    short: "the learner is not a student of the LMS course",
    why: "The LMS takes grades only for its course's active students; this learner is not one (any more).",
    fix: {
      canvas: "Enrol the learner as a Student in the Canvas course (People), or accept their pending invitation.",
      moodle: "Enrol the learner as a Student in the Moodle course (Participants), and check the enrolment is active.",
    },
  },
  refused: {
    short: "the LMS refused the score",
    why: "The LMS refused the score for a reason Dockyard does not recognise; its own words are quoted.",
    fix: {
      canvas: "Read Canvas's message; if it names a setting, change it there, then retry.",
      moodle: "Read Moodle's message; if it names a setting, change it there, then retry.",
    },
  },
  lms_error: {
    short: "the LMS failed",
    why: "The LMS answered with an error of its own (5xx): nothing in Dockyard or its settings caused it.",
    fix: {
      canvas: "Dockyard keeps trying with a growing wait; if it lasts, ask your Canvas administrator.",
      moodle: "Dockyard keeps trying with a growing wait; if it lasts, ask your Moodle administrator.",
    },
  },
  no_answer: {
    short: "the LMS did not answer in time",
    why: "The LMS did not answer within the time Dockyard waits: it is down, or slow under load.",
    fix: {
      canvas: "Dockyard keeps trying with a growing wait; nothing needs changing unless it lasts.",
      moodle: "Dockyard keeps trying with a growing wait; nothing needs changing unless it lasts.",
    },
  },
  unreachable: {
    short: "the LMS could not be reached",
    why: "Dockyard's server could not connect to the LMS: a wrong address, a firewall, or the LMS is down.",
    fix: {
      canvas: "Check the Access token URL on /instructor/lti and that Dockyard's server can reach Canvas.",
      moodle: "Check the Access token URL on /instructor/lti and that Dockyard's server can reach Moodle.",
    },
  },
  address_refused: {
    short: "the LMS named an address inside a private network",
    why: "Dockyard never sends its token into a private network on an LMS's word alone.",
    fix: {
      canvas: "An admin can register that host as one of the LMS's URLs on /instructor/lti.",
      moodle: "An admin can register that host as one of the LMS's URLs on /instructor/lti.",
    },
  },
  unexpected: {
    short: "Dockyard failed before sending",
    why: "Something in Dockyard failed before the LMS was asked; the server's log has the details.",
    fix: {
      canvas: "Retry; if it fails again, the server's log says why.",
      moodle: "Retry; if it fails again, the server's log says why.",
    },
  },
};

/** What a failure class means and how to fix it, in this LMS's words. */
export function explainFailure(code: SendError, flavour: LmsFlavour): { short: string; why: string; fix: string } {
  const explanation = EXPLANATIONS[code];
  return { short: explanation.short, why: explanation.why, fix: inLmsWords(explanation.fix, flavour) };
}
