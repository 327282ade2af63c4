import { z } from "zod";
import { TERMINAL_LIMITS } from "../sessions/terminal-limits";
import { engineSnapshotSchema } from "./engine-snapshot";
import { HELP_LIMITS } from "./help-limits";

/* What "Ask for help" sends and answers; pages take only its types (their limits are ./help-limits.ts's). */

/** A request's body of at most the question's characters (up to 4 bytes each, JSON-escaped: 6) and a few fields. */
export const HELP_REQUEST_MAX_BYTES = 64 * 1024;

const slug = z.string().min(1).max(100);
const question = z.string().trim().min(1, "is empty").max(HELP_LIMITS.questionChars);
/** The lab terminal tab a learner shares with staff watching (0 the first): the one they are on, unless they choose. */
const watchTab = z
  .number()
  .int()
  .min(0)
  .max(TERMINAL_LIMITS.tabs - 1);

/** The body of `POST /api/help`. */
export const askForHelpSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("lab"), slug, question, watchConsent: z.boolean(), watchTab: watchTab.optional() })
    .strict(),
  z
    .object({
      kind: z.literal("exercise"),
      slug,
      question,
      submissionId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a submission id")
        .optional(),
    })
    .strict(),
]);
export type AskForHelp = z.infer<typeof askForHelpSchema>;

export const HELP_ITEM_KINDS = ["lab", "exercise"] as const;
export type HelpItemKind = (typeof HELP_ITEM_KINDS)[number];

/** The query of `GET /api/help`: which item's requests. */
export const helpItemSchema = z.object({ kind: z.enum(HELP_ITEM_KINDS), slug });

/** The body of `POST /api/help/:id/messages`. */
export const helpReplySchema = z.object({
  body: z.string().trim().min(1, "is empty").max(HELP_LIMITS.replyChars),
});

/** The body of `PUT /api/help/:id/consent`: sharing on or off, and which tab (absent: the one shared so far). */
export const watchConsentSchema = z.object({ watchConsent: z.boolean(), watchTab: watchTab.optional() }).strict();

/** The query of a watch's event stream (`GET /api/sessions/:id/events?tab=`): the tab its page says is shared. */
export const watchTabQuerySchema = z.object({ tab: z.coerce.number().pipe(watchTab).default(0) });

export const HELP_STATUSES = ["open", "resolved"] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

/** The query of `GET /api/instructor/help`: no status for all of them, open ones first. */
export const helpInboxQuerySchema = z.object({ status: z.enum(HELP_STATUSES).optional() });

/** Where a lab stood when its learner asked: the tasks, the terminal's last output, and the engine's contents. */
export const labSnapshotSchema = z.object({
  tasks: z.array(z.object({ id: z.string(), title: z.string(), done: z.boolean() })),
  /** The last HELP_LIMITS.outputChars of the terminal, escape sequences removed. */
  output: z.string(),
  /** Whose output that is: the lab open when they asked, their latest closed one, or none ever. */
  outputFrom: z.enum(["live", "earlier", "none"]),
  /** Filled in by the lab host (help-snapshots.ts `attachEngineSnapshot`) once it has read the engine. */
  engine: engineSnapshotSchema,
});
export type LabSnapshot = z.infer<typeof labSnapshotSchema>;

/** The attempt an exercise's request is about (the latest, or the one the learner named); null before any. */
export const exerciseSnapshotSchema = z.object({
  attempt: z
    .object({
      submissionId: z.string(),
      number: z.number().int(),
      status: z.string(),
      /** 0–1, once graded. */
      score: z.number().nullable(),
      createdAt: z.string(),
      errorMessage: z.string().optional(),
      /** The first HELP_LIMITS.findings failed checks, in the report's order. */
      findings: z.array(z.object({ title: z.string(), message: z.string() })),
      /** Failed checks left out past those. */
      moreFindings: z.number().int(),
    })
    .nullable(),
});
export type ExerciseSnapshot = z.infer<typeof exerciseSnapshotSchema>;

export type HelpSnapshot = { kind: "lab"; lab: LabSnapshot } | { kind: "exercise"; exercise: ExerciseSnapshot };

/** One message of a thread. `author` null: an account since deleted. */
export interface HelpMessageView {
  id: string;
  body: string;
  createdAt: string;
  author: { name: string; staff: boolean } | null;
}

/** A request as its learner and staff read it; dates are ISO strings, as the JSON answers carry them. */
export type HelpRequestView = Awaited<ReturnType<typeof import("./help-rows").helpRequestViews>>[number];

/** What a lab's or exercise's page shows of help: whether there are staff to ask, and the learner's requests. */
export type LearnerHelp = Awaited<ReturnType<typeof import("./help-threads").helpForLearner>>;

/** A row of the staff's inbox: a request without its thread (`messages` counts it) or snapshot. */
export type HelpInboxRow = Awaited<ReturnType<typeof import("./help-threads").helpInbox>>[number];

/** The learner's live lab staff may watch for a request, and the one terminal tab they share of it. */
type WatchableLab = NonNullable<Awaited<ReturnType<typeof import("./watch-session").watchableSession>>>;

/** `GET /api/instructor/help/:id/watch`, once a watch's stream ends: `watch` null, `stopped` says why. */
export interface WatchStanding {
  watch: WatchableLab | null;
  stopped: "sharing" | "resolved" | "lab" | null;
}
