import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { canManageClass, staffScope, taughtClass } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { loadCourse } from "../content/load-course";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import { listExercises, loadExercise } from "../exercises/load-exercise";
import { Prisma } from "../generated/prisma/client";
import { isPlayground } from "../labs/lab-schema";
import { listGradedLabs, loadLab } from "../labs/load-lab";
import { markScoresDue } from "../scores-due/scores-due";
import { MAX_TIME_LIMIT_MINUTES } from "../timed/timed-clock";
import { classScoreTargets, scoreAssignments, scoreKey } from "./assignment-scores";
import { describeLatePolicy, earlyCreditSchema, latePolicySchema, maxCredit } from "./late-policy";

/**
 * The one writer of a class's assignments, learners' extensions and score overrides. Only the class's instructors
 * and admins change them (a TA sees and grades), and every change is logged in its own transaction.
 */

const isoDate = z.iso.datetime({ offset: true, message: "is not a date and time (ISO 8601)" });
const reasonSchema = z.string().trim().min(1, "a reason is required").max(500, "a reason is at most 500 characters");

/** The body of creating or changing an assignment. */
const assignmentInputSchema = z
  .object({
    kind: z.enum(ASSIGNMENT_KINDS, { message: `the kind is one of ${ASSIGNMENT_KINDS.join(", ")}` }),
    itemSlug: z.string().min(1).max(200),
    opensAt: isoDate.nullable().optional(),
    dueAt: isoDate,
    /** A timed assessment's limit (lib/timed/); null or left out: untimed. */
    timeLimitMinutes: z
      .number()
      .int("the time limit is a whole number of minutes")
      .min(1, "the time limit is at least 1 minute")
      .max(MAX_TIME_LIMIT_MINUTES, `the time limit is at most ${MAX_TIME_LIMIT_MINUTES} minutes`)
      .nullable()
      .optional(),
    latePolicy: latePolicySchema,
    /** Bonus credit for early work; none when left out. */
    earlyCredit: earlyCreditSchema.default([]),
  })
  .strict()
  .refine((a) => !a.opensAt || Date.parse(a.opensAt) < Date.parse(a.dueAt), {
    message: "the opening date must be before the due date",
    path: ["opensAt"],
  });

const extensionInputSchema = z.object({ dueAt: isoDate, reason: reasonSchema }).strict();
const overrideInputSchema = z
  .object({
    // Up to 200, the most early credit can give; the assignment's own ceiling is checked against its row.
    score: z.number().int("the score is a whole number").min(0).max(200, "the score is at most 200"),
    reason: reasonSchema,
  })
  .strict();
/** The body of withdrawing an extension or removing an override: why. */
const withdrawInputSchema = z.object({ reason: reasonSchema }).strict();

/** The largest body the assignment APIs read: a few dates, a late policy and a reason. */
export const ASSIGNMENT_BODY_MAX_BYTES = 16 * 1024;

/** An item a class can assign, for the picker. */
export type AssignableItem = Awaited<ReturnType<typeof assignableItems>>[number];

/** Every exercise, lab (not the playground: nothing in it is graded) and lesson quiz, grouped by kind in that order. */
export async function assignableItems() {
  const [exercises, labs, course] = await Promise.all([listExercises(), listGradedLabs(), loadCourse()]);
  return [
    ...exercises.map((e) => ({ kind: "exercise" as const, slug: e.slug, title: e.spec.title })),
    ...labs.map((l) => ({ kind: "lab" as const, slug: l.slug, title: l.spec.title })),
    ...course.lessons.filter((l) => l.quizFile).map((l) => ({ kind: "quiz" as const, slug: l.slug, title: l.title })),
  ];
}

/** The item's title; an item the course does not have is a 400 (it came in a body, not an address). */
async function itemTitle(kind: AssignmentKind, slug: string): Promise<string> {
  const unknown = () =>
    new RequestError("BAD_REQUEST", `There is no ${kind === "quiz" ? "lesson with a quiz" : kind} called "${slug}".`, {
      field: "itemSlug",
    });
  const orUnknown = (err: unknown) => {
    throw err instanceof RequestError && err.code === "NOT_FOUND" ? unknown() : err;
  };
  if (kind === "exercise") return (await loadExercise(slug).catch(orUnknown)).spec.title;
  if (kind === "lab") {
    const lab = await loadLab(slug).catch(orUnknown);
    if (isPlayground(lab))
      throw new RequestError("BAD_REQUEST", "The playground has no tasks, so nothing in it is graded: assign a lab.", {
        field: "itemSlug",
      });
    return lab.spec.title;
  }
  const lesson = (await loadCourse()).lessons.find((l) => l.slug === slug && l.quizFile);
  if (!lesson) throw unknown();
  return lesson.title;
}

type Actor = Pick<CurrentUser, "id" | "role">;
type Taught = { id: string; name: string };

/** The signed-in person's powers over the class: refused unless they manage it (and it is not archived). */
async function managedClass(actor: Actor, classId: string) {
  const scope = await staffScope(actor);
  const taught = taughtClass(scope, classId);
  if (!taught || !canManageClass(scope, classId))
    throw new RequestError("FORBIDDEN", "Only the class's instructors can change its assignments.");
  if (taught.archived)
    throw new RequestError("CONFLICT", `${taught.name} is archived: its assignments are kept as they are.`);
  return taught;
}

async function findAssignment(tx: Prisma.TransactionClient, classId: string, id: string) {
  const row = await tx.assignment.findFirst({ where: { id, classId } });
  if (!row) throw new RequestError("NOT_FOUND", "This class has no such assignment.");
  return {
    ...row,
    latePolicy: latePolicySchema.parse(row.latePolicy),
    earlyCredit: earlyCreditSchema.parse(row.earlyCredit),
  };
}

const duplicate = (kind: AssignmentKind, title: string) =>
  new RequestError("CONFLICT", `This class already has ${title} (${kind}) assigned; change that assignment.`);

/** Assigns an item to a class. */
export const createAssignment = (actor: Actor, classId: string, body: unknown) =>
  saveAssignment(actor, classId, undefined, body);

/** Changes an assignment: its item, dates or late policy. */
export const updateAssignment = (actor: Actor, classId: string, assignmentId: string, body: unknown) =>
  saveAssignment(actor, classId, assignmentId, body);

/** Creates (no `assignmentId`) or changes an assignment; a class assigns each item once. */
async function saveAssignment(actor: Actor, classId: string, assignmentId: string | undefined, body: unknown) {
  const taught = await managedClass(actor, classId);
  const input = parseInput(assignmentInputSchema, body, "The assignment");
  const title = await itemTitle(input.kind, input.itemSlug);
  const data = {
    opensAt: input.opensAt ? new Date(input.opensAt) : null,
    dueAt: new Date(input.dueAt),
    timeLimitMinutes: input.timeLimitMinutes ?? null,
    latePolicy: input.latePolicy,
    earlyCredit: input.earlyCredit,
  };
  const item = { kind: input.kind, itemSlug: input.itemSlug };
  try {
    return await prisma().$transaction(async (tx) => {
      if (assignmentId) await findAssignment(tx, classId, assignmentId);
      const clash = await tx.assignment.findFirst({
        where: { classId, ...item, ...(assignmentId ? { NOT: { id: assignmentId } } : {}) },
      });
      if (clash) throw duplicate(input.kind, title);
      const id = assignmentId
        ? (await tx.assignment.update({ where: { id: assignmentId }, data: { ...item, ...data } })).id
        : (await tx.assignment.create({ data: { classId, ...item, ...data } })).id;
      await logAssignment(tx, actor, taught, assignmentId ? "updated" : "created", { ...item, ...data, id }, title);
      await markScoresDue({ ...item, classId }, tx);
      return { id, ...item, itemTitle: title, ...data };
    });
  } catch (err) {
    const unique = err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
    throw unique ? duplicate(input.kind, title) : err;
  }
}

/** Removes an assignment, with its extensions and overrides (the log keeps what they were). */
export async function deleteAssignment(actor: Actor, classId: string, assignmentId: string): Promise<void> {
  const taught = await managedClass(actor, classId);
  await prisma().$transaction(async (tx) => {
    const row = await findAssignment(tx, classId, assignmentId);
    await tx.assignment.delete({ where: { id: assignmentId } });
    await logAssignment(tx, actor, taught, "deleted", row);
    await markScoresDue({ kind: row.kind, itemSlug: row.itemSlug, classId }, tx);
  });
}

async function logAssignment(
  tx: Prisma.TransactionClient,
  actor: Pick<CurrentUser, "id">,
  taught: Taught,
  change: "created" | "updated" | "deleted",
  item: { id: string; kind: AssignmentKind; itemSlug: string; opensAt: Date | null; dueAt: Date },
  title?: string,
): Promise<void> {
  await recordAdminAction(tx, actor, {
    action: "assignment_changed",
    target: { id: taught.id, label: taught.name },
    details: {
      ...(await assignmentRef(taught, item, title)),
      change,
      opensAt: item.opensAt?.toISOString() ?? null,
      dueAt: item.dueAt.toISOString(),
    },
  });
}

/** How the log names an assignment: its class, and its item by its title (its slug, once the course lost it). */
async function assignmentRef(
  taught: Taught,
  item: { id: string; kind: AssignmentKind; itemSlug: string },
  title?: string,
) {
  return {
    assignmentId: item.id,
    classId: taught.id,
    className: taught.name,
    kind: item.kind,
    itemSlug: item.itemSlug,
    itemTitle: title ?? (await itemTitle(item.kind, item.itemSlug).catch(() => item.itemSlug)),
  };
}

/** The learner, who must be a learner of the class; their name labels the log entry. */
async function classLearner(tx: Prisma.TransactionClient, classId: string, userId: string) {
  const member = await tx.classMember.findUnique({
    where: { classId_userId: { classId, userId } },
    select: { role: true, user: { select: { id: true, name: true } } },
  });
  if (member?.role !== "learner") throw new RequestError("NOT_FOUND", "This class has no such learner.");
  return member.user;
}

/** A change to one learner's part of an assignment: refused unless the actor manages the class, its body parsed. */
function learnerChange<S extends z.ZodType, T>(
  schema: S,
  change: (actor: Actor, taught: Taught, assignmentId: string, userId: string, input: z.infer<S>) => Promise<T>,
) {
  return async (actor: Actor, classId: string, assignmentId: string, userId: string, body: unknown): Promise<T> => {
    const taught = await managedClass(actor, classId);
    return change(actor, taught, assignmentId, userId, parseInput(schema, body, "The assignment"));
  };
}

/** Gives one learner of the class their own due date for an assignment (replacing an earlier extension). */
export const grantExtension = learnerChange(
  extensionInputSchema,
  async (actor, taught, assignmentId, userId, input) => {
    const dueAt = new Date(input.dueAt);
    await changeExtension(actor, taught, assignmentId, userId, dueAt, input.reason);
    return { dueAt, reason: input.reason };
  },
);

/** Takes a learner's extension back: the class's due date applies to them again. */
export const withdrawExtension = learnerChange(withdrawInputSchema, (actor, taught, assignmentId, userId, { reason }) =>
  changeExtension(actor, taught, assignmentId, userId, null, reason),
);

/** Grants a learner their own due date (replacing an earlier one), or withdraws it (`dueAt` null). */
function changeExtension(
  actor: Pick<CurrentUser, "id">,
  taught: Taught,
  assignmentId: string,
  userId: string,
  dueAt: Date | null,
  reason: string,
): Promise<void> {
  return prisma().$transaction(async (tx) => {
    const row = await findAssignment(tx, taught.id, assignmentId);
    const learner = await classLearner(tx, taught.id, userId);
    if (dueAt) {
      const values = { dueAt, reason, grantedById: actor.id };
      const where = { assignmentId_userId: { assignmentId, userId } };
      await tx.assignmentExtension.upsert({ where, create: { assignmentId, userId, ...values }, update: values });
    } else if ((await tx.assignmentExtension.deleteMany({ where: { assignmentId, userId } })).count === 0)
      throw new RequestError("NOT_FOUND", `${learner.name} has no extension for this.`);
    await recordAdminAction(tx, actor, {
      action: "extension_granted",
      target: { id: learner.id, label: learner.name },
      details: { ...(await assignmentRef(taught, row)), dueAt: dueAt?.toISOString() ?? null, reason },
    });
    await markScoresDue({ kind: row.kind, itemSlug: row.itemSlug, classId: taught.id, userId }, tx);
  });
}

/** Sets a learner's score by hand (0–100, or up to the highest early credit), replacing what their work computes. */
export const setScoreOverride = learnerChange(overrideInputSchema, changeOverride);

/** Removes an override: the computed score stands again. */
export const removeScoreOverride = learnerChange(
  withdrawInputSchema,
  async (actor, taught, assignmentId, userId, { reason }) => {
    await changeOverride(actor, taught, assignmentId, userId, { score: null, reason });
  },
);

async function changeOverride<S extends number | null>(
  actor: Pick<CurrentUser, "id">,
  taught: Taught,
  assignmentId: string,
  userId: string,
  input: { score: S; reason: string },
): Promise<{ score: S; reason: string }> {
  return prisma().$transaction(async (tx) => {
    const row = await findAssignment(tx, taught.id, assignmentId);
    const max = maxCredit(row.earlyCredit);
    if (input.score !== null && input.score > max) {
      const why = max > 100 ? "this assignment's highest early credit" : "this assignment gives no early credit";
      throw new RequestError("BAD_REQUEST", `The score is at most ${max}: ${why}.`, { field: "score" });
    }
    const learner = await classLearner(tx, taught.id, userId);
    const key = { assignmentId_userId: { assignmentId, userId } };
    const before = await tx.scoreOverride.findUnique({ where: key, select: { score: true } });
    if (input.score === null) {
      if (!before) throw new RequestError("NOT_FOUND", `${learner.name} has no overridden score for this.`);
      await tx.scoreOverride.delete({ where: key });
    } else {
      const values = { score: input.score, reason: input.reason, setById: actor.id };
      await tx.scoreOverride.upsert({ where: key, create: { assignmentId, userId, ...values }, update: values });
    }
    await recordAdminAction(tx, actor, {
      action: "score_overridden",
      target: { id: learner.id, label: learner.name },
      details: {
        ...(await assignmentRef(taught, row)),
        from: before?.score ?? null,
        to: input.score,
        reason: input.reason,
      },
    });
    await markScoresDue({ kind: row.kind, itemSlug: row.itemSlug, classId: taught.id, userId }, tx);
    return input;
  });
}

/** A class's assignments, soonest due first, for its staff, each with its policy in words and learners by status. */
export async function classAssignments(reader: Actor, classId: string, now = new Date()) {
  const scope = await staffScope(reader);
  const taught = taughtClass(scope, classId);
  if (!taught) throw new RequestError("FORBIDDEN", "Only the class's staff can see its assignments.");
  const q = typedSql(pool());
  const [rows, extensionRows, learnerRows, items, targets] = await Promise.all([
    q
      .selectFrom("assignment")
      .select(["id", "kind", "itemSlug", "opensAt", "dueAt", "timeLimitMinutes", "latePolicy", "earlyCredit"])
      .where("classId", "=", classId)
      .orderBy("dueAt")
      .orderBy("id")
      .execute(),
    q
      .selectFrom("assignment_extension as e")
      .innerJoin("assignment as a", "a.id", "e.assignmentId")
      .innerJoin("user as u", "u.id", "e.userId")
      .select(["e.assignmentId", "e.userId", "u.name", "e.dueAt", "e.reason"])
      .where("a.classId", "=", classId)
      .orderBy("u.name")
      .orderBy("u.id")
      .execute(),
    q
      .selectFrom("class_member as m")
      .innerJoin("user as u", "u.id", "m.userId")
      .select(["u.id", "u.name"])
      .where(sql<boolean>`m."classId" = ${classId} AND m.role = 'learner'`)
      .orderBy("u.name")
      .orderBy("u.email")
      .orderBy("u.id")
      .execute(),
    assignableItems(),
    classScoreTargets([classId]),
  ]);
  const scores = await scoreAssignments(targets, now);
  const titles = new Map(items.map((i) => [`${i.kind}:${i.slug}`, i.title]));
  const assignments = rows.map((a) => {
    const [latePolicy, earlyCredit] = [latePolicySchema.parse(a.latePolicy), earlyCreditSchema.parse(a.earlyCredit)];
    const counts = { done: 0, late: 0, missing: 0, open: 0 };
    for (const l of learnerRows) {
      const status = scores.get(scoreKey(a.id, l.id))?.status;
      if (status) counts[status] += 1;
    }
    return {
      ...a,
      latePolicy,
      earlyCredit,
      itemTitle: titles.get(`${a.kind}:${a.itemSlug}`) ?? a.itemSlug,
      policyText: describeLatePolicy(latePolicy, earlyCredit),
      counts,
      extensions: extensionRows.filter((e) => e.assignmentId === a.id).map(({ assignmentId: _, ...e }) => e),
    };
  });
  return {
    classId,
    className: taught.name,
    canManage: canManageClass(scope, classId) && !taught.archived,
    assignments,
    learners: learnerRows,
  };
}
