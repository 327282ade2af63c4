import "server-only";
import { z } from "zod";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { itemPath } from "../content/item-path";
import { slugSchema } from "../content/schemas";
import type { AssignmentScore } from "./assignment-scores";
import { assignableItems } from "./assignments";
import { type LearnerAssignment, learnerAssignments } from "./deadlines";
import { creditAt, creditEndsAt, describeLatePolicy, type LatePolicy } from "./late-policy";
import { learnerAssignmentScores } from "./learner-scores";

export type DueItem = ReturnType<typeof dueItem>;

type DueGroups = Record<"overdue" | "nextWeek" | "later" | "done", DueItem[]>;

const WEEK_MS = 7 * 86_400_000;

/** A learner's "What's due": their assignments in all their classes, grouped overdue, next week, later and done. */
export async function dueList(userId: string, now = new Date()): Promise<DueGroups> {
  const [entries, items] = await Promise.all([learnerAssignmentScores(userId, now), assignableItems()]);
  const titles = new Map(items.map((i) => [`${i.kind}:${i.slug}`, i.title]));
  const groups: DueGroups = { overdue: [], nextWeek: [], later: [], done: [] };
  for (const { assignment: a, score } of entries) {
    const item = dueItem(a, score, titles.get(`${a.kind}:${a.itemSlug}`) ?? a.itemSlug, now);
    if (score.status === "done" || score.status === "late") groups.done.push(item);
    else if (score.status === "missing") groups.overdue.push(item);
    else if (a.dueAt.getTime() - now.getTime() <= WEEK_MS) groups.nextWeek.push(item);
    else groups.later.push(item);
  }
  return groups;
}

/**
 * `dueAt`: the learner's (their extension's, when they have one; `classDueAt`: the class's then); `creditNow`: what
 * work handed in now earns once past due ("1 day 4 hours late: 80 %"); `creditEndsAt`: null, never.
 */
function dueItem(a: LearnerAssignment, score: AssignmentScore, title: string, now: Date) {
  return {
    assignmentId: a.id,
    className: a.className,
    kind: a.kind,
    title,
    href: itemPath({ kind: a.kind, slug: a.itemSlug }),
    opensAt: a.opensAt?.toISOString() ?? null,
    dueAt: a.dueAt.toISOString(),
    classDueAt: a.extended ? a.classDueAt.toISOString() : null,
    policyText: describeLatePolicy(a.latePolicy, a.earlyCredit),
    creditNow: now > a.dueAt ? creditAt(a.latePolicy, a.dueAt, now).reason : null,
    creditEndsAt: creditEndsAt(a.latePolicy, a.dueAt)?.toISOString() ?? null,
    score,
  };
}

/** One class's deadline for an item, as the item's own page shows it to the learner. */
export type ItemDeadline = Awaited<ReturnType<typeof itemDeadlines>>[number];

/** The learner's deadlines for one item, one per class that assigns it; `lateNow`: past due, the current step. */
export async function itemDeadlines(userId: string, kind: AssignmentKind, itemSlug: string, now = new Date()) {
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

/** The deadlines of one item for whoever reads a page that is the same for everyone: a visitor has none. */
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
