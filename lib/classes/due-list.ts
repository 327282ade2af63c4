import "server-only";
import { z } from "zod";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { slugSchema } from "../content/schemas";
import type { AssignmentScore } from "./assignment-scores";
import { assignableItems } from "./assignments";
import { learnerAssignments } from "./deadlines";
import { creditAt, creditEndsAt, describeLatePolicy, type LatePolicy } from "./late-policy";
import { learnerAssignmentScores } from "./learner-scores";

export interface DueItem {
  assignmentId: string;
  className: string;
  kind: AssignmentKind;
  title: string;
  href: string;
  opensAt: string | null;
  /** The learner's due date (ISO), their extension's when they have one. */
  dueAt: string;
  /** The class's due date when an extension moved theirs. */
  classDueAt: string | null;
  /** The late policy in words. */
  policyText: string;
  /** What work handed in now earns, once past due: "1 day 4 hours late: 80 %". */
  creditNow: string | null;
  /** When late work stops earning anything (ISO); null: never. */
  creditEndsAt: string | null;
  score: AssignmentScore;
}

type DueGroups = Record<"overdue" | "nextWeek" | "later" | "done", DueItem[]>;

const WEEK_MS = 7 * 86_400_000;
const ITEM_PATH: Record<AssignmentKind, string> = { exercise: "/exercises/", lab: "/labs/", quiz: "/lessons/" };

/**
 * A learner's "What's due": their assignments in every class they are a learner of, grouped: overdue (past their due
 * date, nothing handed in), due within 7 days, later, and done (handed in, on time or late, or scored by staff).
 */
export async function dueList(userId: string, now = new Date()): Promise<DueGroups> {
  const [entries, items] = await Promise.all([learnerAssignmentScores(userId, now), assignableItems()]);
  const titles = new Map(items.map((i) => [`${i.kind}:${i.slug}`, i.title]));
  const groups: DueGroups = { overdue: [], nextWeek: [], later: [], done: [] };
  for (const { assignment: a, score } of entries) {
    const item: DueItem = {
      assignmentId: a.id,
      className: a.className,
      kind: a.kind,
      title: titles.get(`${a.kind}:${a.itemSlug}`) ?? a.itemSlug,
      href: `${ITEM_PATH[a.kind]}${a.itemSlug}`,
      opensAt: a.opensAt?.toISOString() ?? null,
      dueAt: a.dueAt.toISOString(),
      classDueAt: a.extended ? a.classDueAt.toISOString() : null,
      policyText: describeLatePolicy(a.latePolicy, a.earlyCredit),
      creditNow: now > a.dueAt ? creditAt(a.latePolicy, a.dueAt, now).reason : null,
      creditEndsAt: creditEndsAt(a.latePolicy, a.dueAt)?.toISOString() ?? null,
      score,
    };
    if (score.status === "done" || score.status === "late") groups.done.push(item);
    else if (score.status === "missing") groups.overdue.push(item);
    else if (a.dueAt.getTime() - now.getTime() <= WEEK_MS) groups.nextWeek.push(item);
    else groups.later.push(item);
  }
  return groups;
}

/** One class's deadline for an item, as the item's own page shows it to the learner. */
export interface ItemDeadline {
  className: string;
  dueAt: string;
  extended: boolean;
  policyText: string;
  /** Past due: the credit work earns now and until when (ISO; null: for ever). */
  lateNow: { credit: number; until: string | null } | null;
}

/** The learner's deadlines for one item, one per class that assigns it to them. */
export async function itemDeadlines(
  userId: string,
  kind: AssignmentKind,
  itemSlug: string,
  now = new Date(),
): Promise<ItemDeadline[]> {
  const assignments = await learnerAssignments(userId, { kind, itemSlug });
  return assignments.map((a) => ({
    className: a.className,
    dueAt: a.dueAt.toISOString(),
    extended: a.extended,
    policyText: describeLatePolicy(a.latePolicy, a.earlyCredit),
    lateNow: now > a.dueAt ? currentStep(a.latePolicy, a.dueAt, now) : null,
  }));
}

/** Which item's deadlines a page asks for (`?kind=&item=`); a quiz's item is its lesson's slug. */
export const itemDeadlinesQuerySchema = z.object({
  kind: z.enum(ASSIGNMENT_KINDS, { error: `the kind is one of ${ASSIGNMENT_KINDS.join(", ")}` }),
  item: z.string({ error: "the item is the slug of an exercise, a lab or a lesson" }).pipe(slugSchema),
});

/** The answer of `GET /api/me/deadlines`: JSON as it is (times are ISO strings). */
export type ReaderDeadlines = Awaited<ReturnType<typeof readerDeadlines>>;

/**
 * The deadlines of one item for whoever reads a page that is the same for everyone: a visitor has none (an answer,
 * not a refusal, since visitors see the page too).
 */
export async function readerDeadlines(
  user: { id: string } | null,
  query: z.infer<typeof itemDeadlinesQuerySchema>,
  now = new Date(),
) {
  return { deadlines: user ? await itemDeadlines(user.id, query.kind, query.item, now) : [] };
}

/** The late step `now` falls in: its credit and when it ends (null: it lasts for ever). */
function currentStep(policy: LatePolicy, dueAt: Date, now: Date): { credit: number; until: string | null } {
  let end = dueAt.getTime();
  for (const step of policy) {
    if (step.days === null) return { credit: step.credit, until: null };
    end += step.days * 86_400_000;
    if (now.getTime() <= end) return { credit: step.credit, until: new Date(end).toISOString() };
  }
  return { credit: 0, until: null };
}
