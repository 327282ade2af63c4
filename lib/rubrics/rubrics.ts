import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { requireManagedClass, requireTaughtClass, type StaffScope, staffScope } from "../access/staff-scope";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import type { Prisma } from "../generated/prisma/client";
import { markScoresDue } from "../scores-due/scores-due";
import { countedTimes, timedScoring } from "../timed/timed-scoring";
import { rubricCopyInputSchema, rubricGradeInputSchema, rubricInputSchema } from "./rubric-rules";
import { RUBRIC_MODES, type RubricMode } from "./rubric-terms";

/**
 * The one writer of rubric, rubric_item, rubric_grade and rubric_mark. A class's instructors (and admins) write its
 * rubrics; its staff apply them; every function starts from the actor's staff scope. A grade is kept per learner and
 * assignment, not per submission, so a re-grade keeps the marks. How marks count is lib/classes/assignment-scores.ts's;
 * this folder never imports lib/classes, so that class copying can call `copyRubrics`.
 */

type Actor = Pick<CurrentUser, "id" | "role">;

export type Rubric = NonNullable<Awaited<ReturnType<typeof readRubric>>>;

/** The class's assignment, which must be an exercise's; for a `change`, the class must not be archived. */
async function exerciseAssignment(
  scope: StaffScope,
  classId: string,
  assignmentId: string,
  change?: "rubric" | "grade",
) {
  const taught =
    change === "rubric" ? requireManagedClass(scope, classId, "change a rubric") : requireTaughtClass(scope, classId);
  const row = await prisma().assignment.findFirst({ where: { id: assignmentId, classId } });
  if (!row) throw new RequestError("NOT_FOUND", "This class has no such assignment.");
  if (row.kind !== "exercise")
    throw new RequestError("BAD_REQUEST", "Rubrics grade exercises: a lab or a quiz is scored by its own checks.");
  if (change && taught.archived)
    throw new RequestError("CONFLICT", `${taught.name} is archived: its grades are kept as they are.`);
  return { id: row.id, classId, className: taught.name, itemSlug: row.itemSlug, archived: taught.archived };
}

/** One change to an assignment's rubric or grades at a time: two saves at once would both insert the same rows. */
async function lockRubric(tx: Prisma.TransactionClient, assignmentId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`rubric:${assignmentId}`}))::text`;
}

/** `share`: the rubric's percent of the score when combined (kept while another mode is chosen, to go back to it). */
async function readRubric(db: Prisma.TransactionClient, assignmentId: string) {
  const row = await db.rubric.findUnique({
    where: { assignmentId },
    select: {
      mode: true,
      share: true,
      items: { select: { id: true, title: true, points: true, feedback: true }, orderBy: [{ position: "asc" }] },
    },
  });
  if (!row) return null;
  return { mode: z.enum(RUBRIC_MODES).parse(row.mode), share: row.share, items: row.items };
}

/** The class's learners in the roster's order, each with their newest own attempt (or null) and grade, if any. */
async function gradingLearners(a: { id: string; classId: string; itemSlug: string }) {
  const rows = await typedSql(pool())
    .selectFrom("class_member as cm")
    .innerJoin("user as u", "u.id", "cm.userId")
    .leftJoin("rubric_grade as g", (j) => j.on("g.assignmentId", "=", a.id).onRef("g.userId", "=", "u.id"))
    .select((eb) => [
      "u.id as userId",
      "u.name",
      eb
        .selectFrom("submission as s")
        .select("s.id")
        .whereRef("s.userId", "=", "u.id")
        .where((w) => w.and({ "s.exerciseSlug": a.itemSlug, "s.regradeOfId": null }))
        .where("s.status", "<>", "withdrawn")
        .orderBy("s.createdAt", "desc")
        .orderBy("s.id", "desc")
        .limit(1)
        .as("submissionId"),
      "g.graderName",
      "g.gradedAt",
      eb
        .selectFrom("rubric_mark as m")
        .innerJoin("rubric_item as i", "i.id", "m.itemId")
        .select(sql<number>`COALESCE(sum(i.points), 0)::int`.as("n"))
        .where("m.assignmentId", "=", a.id)
        .whereRef("m.userId", "=", "u.id")
        .$asScalar()
        .as("earned"),
    ])
    .where((w) => w.and({ "cm.classId": a.classId, "cm.role": "learner" }))
    .orderBy("u.name")
    .orderBy("u.email")
    .orderBy("u.id")
    .execute();
  return rows.map(({ graderName, gradedAt, earned, ...l }) => ({
    ...l,
    graded: gradedAt ? { earned, graderName: graderName ?? "", gradedAt } : null,
  }));
}

const EMPTY: Rubric = { mode: "none", share: 30, items: [] };

/** One assignment's rubric with the class's learners, for its staff: `canEdit` for its managers, until archived. */
export async function rubricPage(actor: Actor, classId: string, assignmentId: string) {
  const scope = await staffScope(actor);
  const assignment = await exerciseAssignment(scope, classId, assignmentId);
  const taughtIds = scope.classes.map((c) => c.id);
  const [rubric, learners, copySources] = await Promise.all([
    readRubric(prisma(), assignmentId),
    gradingLearners(assignment),
    rubricsToCopy(assignment.itemSlug, assignmentId, taughtIds),
  ]);
  const manages = scope.classes.some((c) => c.id === classId && (c.role === "admin" || c.role === "instructor"));
  return {
    assignment,
    rubric: rubric ?? EMPTY,
    canEdit: manages && !assignment.archived,
    canGrade: !assignment.archived,
    learners,
    copySources,
  };
}

/** How many items an assignment `a`'s rubric has. */
const ITEMS = sql<number>`(SELECT count(*)::int FROM rubric_item i WHERE i."assignmentId" = a.id)`.as("items");

/** The other assignments of the exercise, in classes the reader teaches, whose rubric has items to copy. */
function rubricsToCopy(itemSlug: string, assignmentId: string, taughtIds: string[]) {
  return typedSql(pool())
    .selectFrom("assignment as a")
    .innerJoin("class as c", "c.id", "a.classId")
    .select(["a.id as assignmentId", "c.id as classId", "c.name as className", "c.term", ITEMS])
    .where((w) => w.and({ "a.kind": "exercise", "a.itemSlug": itemSlug }))
    .where("a.id", "<>", assignmentId)
    .where("a.classId", "=", sql<string>`ANY(${taughtIds}::text[])`)
    .where((w) => w.exists(w.selectFrom("rubric_item as i").select("i.id").whereRef("i.assignmentId", "=", "a.id")))
    .orderBy("c.createdAt", "desc")
    .orderBy("c.id")
    .execute();
}

/** A class's exercise assignments with how each one's rubric counts, for the rubrics page's list. */
export async function classRubrics(actor: Actor, classId: string) {
  const taught = requireTaughtClass(await staffScope(actor), classId);
  const assignments = await typedSql(pool())
    .selectFrom("assignment as a")
    .leftJoin("rubric as r", "r.assignmentId", "a.id")
    .select(["a.id", "a.itemSlug", sql<RubricMode>`COALESCE(r.mode, 'none')`.as("mode"), ITEMS])
    .select(sql<number>`COALESCE(r.share, 30)`.as("share"))
    .where((w) => w.and({ "a.classId": classId, "a.kind": "exercise" }))
    .orderBy("a.dueAt")
    .orderBy("a.id")
    .execute();
  return { className: taught.name, assignments };
}

/**
 * Saves an assignment's rubric whole. An item sent with its id keeps it and its marks; an item left out is removed
 * with its marks. Every learner's score may change, so the assignment's graded LMS links are marked due.
 */
export async function saveRubric(actor: Actor, classId: string, assignmentId: string, body: unknown): Promise<Rubric> {
  const scope = await staffScope(actor);
  const assignment = await exerciseAssignment(scope, classId, assignmentId, "rubric");
  const input = parseInput(rubricInputSchema, body, "The rubric");
  return prisma().$transaction(async (tx) => {
    await lockRubric(tx, assignmentId);
    // The rubric-only mode counts the rubric whole.
    const values = { mode: input.mode, share: input.mode === "rubric" ? 100 : input.share };
    await tx.rubric.upsert({ where: { assignmentId }, create: { assignmentId, ...values }, update: values });
    const existing = new Set(
      (await tx.rubricItem.findMany({ where: { assignmentId }, select: { id: true } })).map((i) => i.id),
    );
    const unknown = input.items.find((i) => i.id !== undefined && !existing.has(i.id));
    if (unknown)
      throw new RequestError("BAD_REQUEST", `The rubric is not valid: items: this rubric has no item ${unknown.id}.`, {
        field: "items",
      });
    const kept = new Set(input.items.flatMap((i) => (i.id ? [i.id] : [])));
    await tx.rubricItem.deleteMany({ where: { assignmentId, id: { notIn: [...kept] } } });
    for (const [position, item] of input.items.entries()) {
      const data = { position, title: item.title, points: item.points, feedback: item.feedback };
      if (item.id) await tx.rubricItem.update({ where: { id: item.id }, data });
      else await tx.rubricItem.create({ data: { assignmentId, ...data } });
    }
    await markScoresDue({ kind: "exercise", itemSlug: assignment.itemSlug, classId }, tx);
    // Read back inside the transaction: the answer is what was stored, new items' ids included.
    return (await readRubric(tx, assignmentId)) ?? EMPTY;
  });
}

/** Copies a rubric (never marks) onto another assignment in the caller's transaction; no access check. */
export async function copyRubrics(tx: Prisma.TransactionClient, fromAssignmentId: string, toAssignmentId: string) {
  const source = await readRubric(tx, fromAssignmentId);
  if (!source) return false;
  await tx.rubric.deleteMany({ where: { assignmentId: toAssignmentId } });
  await tx.rubric.create({
    data: {
      assignmentId: toAssignmentId,
      mode: source.mode,
      share: source.share,
      items: { create: source.items.map(({ id: _, ...item }, position) => ({ position, ...item })) },
    },
  });
  return true;
}

/** Copies the rubric of the same exercise's assignment in a class the actor teaches; refused once any are graded. */
export async function copyRubricFrom(actor: Actor, classId: string, assignmentId: string, body: unknown) {
  const scope = await staffScope(actor);
  const assignment = await exerciseAssignment(scope, classId, assignmentId, "rubric");
  const { fromAssignmentId } = parseInput(rubricCopyInputSchema, body, "The rubric");
  const from = await prisma().assignment.findUnique({ where: { id: fromAssignmentId } });
  // The source is read only from a class the actor teaches: another's rubric is not confirmed to exist.
  if (!from || !scope.classes.some((c) => c.id === from.classId))
    throw new RequestError("NOT_FOUND", "No assignment of yours has this id.");
  if (from.kind !== "exercise" || from.itemSlug !== assignment.itemSlug)
    throw new RequestError("BAD_REQUEST", "A rubric is copied from another assignment of the same exercise.");
  return prisma().$transaction(async (tx) => {
    await lockRubric(tx, assignmentId);
    if ((await tx.rubricGrade.count({ where: { assignmentId } })) > 0)
      throw new RequestError(
        "CONFLICT",
        "Learners here are already graded by this rubric: change its items by hand rather than replace them.",
      );
    if (!(await copyRubrics(tx, fromAssignmentId, assignmentId)))
      throw new RequestError("NOT_FOUND", "That assignment has no rubric to copy.");
    await markScoresDue({ kind: "exercise", itemSlug: assignment.itemSlug, classId }, tx);
    return (await readRubric(tx, assignmentId)) ?? EMPTY;
  });
}

/**
 * Grades a class learner's submission at the exercise by the rubric (items applied and a comment), replacing their
 * earlier grade. Answers the next learner in the roster's order with an attempt, if any.
 */
export async function applyRubric(
  actor: Pick<CurrentUser, "id" | "role" | "name">,
  classId: string,
  assignmentId: string,
  body: unknown,
): Promise<{ next: { name: string; submissionId: string } | null }> {
  const assignment = await exerciseAssignment(await staffScope(actor), classId, assignmentId, "grade");
  const input = parseInput(rubricGradeInputSchema, body, "The rubric");
  const submission = await prisma().submission.findUnique({
    where: { id: input.submissionId },
    select: { id: true, userId: true, exerciseSlug: true, regradeOfId: true },
  });
  const member = submission
    ? await prisma().classMember.findUnique({
        where: { classId_userId: { classId, userId: submission.userId } },
        select: { role: true },
      })
    : null;
  // One answer for a submission that does not exist and one of a learner outside the class: ids cannot be probed.
  if (!submission || member?.role !== "learner")
    throw new RequestError("NOT_FOUND", "This class has no learner with this submission.");
  if (submission.exerciseSlug !== assignment.itemSlug)
    throw new RequestError("BAD_REQUEST", "This submission is of another exercise than the assignment's.");
  const { userId } = submission;
  const attemptId = submission.regradeOfId ?? submission.id;
  await refuseOutsideWindow(assignmentId, userId, attemptId);
  await prisma().$transaction(async (tx) => {
    await lockRubric(tx, assignmentId);
    const rubric = await readRubric(tx, assignmentId);
    if (!rubric || rubric.mode === "none" || rubric.items.length === 0)
      throw new RequestError("CONFLICT", "This assignment has no rubric that counts: its instructors set one first.");
    const known = new Set(rubric.items.map((i) => i.id));
    const unknown = input.itemIds.find((id) => !known.has(id));
    if (unknown)
      throw new RequestError("BAD_REQUEST", `The rubric has no item ${unknown}: reload the page for its items.`, {
        field: "itemIds",
      });
    const key = { assignmentId_userId: { assignmentId, userId } };
    const values = {
      attemptId,
      comment: input.comment,
      gradedById: actor.id,
      graderName: actor.name,
      gradedAt: new Date(),
    };
    await tx.rubricGrade.upsert({ where: key, create: { assignmentId, userId, ...values }, update: values });
    await tx.rubricMark.deleteMany({ where: { assignmentId, userId } });
    await tx.rubricMark.createMany({
      data: [...new Set(input.itemIds)].map((itemId) => ({ assignmentId, userId, itemId })),
    });
    await markScoresDue({ kind: "exercise", itemSlug: assignment.itemSlug, classId, userId }, tx);
  });
  const learners = await gradingLearners(assignment);
  const after = learners.slice(learners.findIndex((l) => l.userId === userId) + 1);
  const next = after.find((l) => l.submissionId !== null);
  return { next: next ? { name: next.name, submissionId: next.submissionId as string } : null };
}

/** A timed assignment counts only attempts inside the learner's window: grading another would give false points. */
async function refuseOutsideWindow(assignmentId: string, userId: string, attemptId: string): Promise<void> {
  const scoring = (await timedScoring([{ assignmentId, userId }]))(assignmentId, userId);
  if (!scoring.timed) return;
  const attempt = await prisma().submission.findUnique({ where: { id: attemptId }, select: { createdAt: true } });
  if (attempt && countedTimes(scoring, [attempt.createdAt]).length > 0) return;
  throw new RequestError(
    "CONFLICT",
    scoring.window
      ? "This attempt was handed in outside the learner's timed window, so it does not count for the assignment: " +
          "grade an attempt from inside the window."
      : "The learner has not started this timed assessment: no attempt counts for it yet.",
  );
}

/** One assignment's grading box on a staff submission page. */
export type RubricPanel = Awaited<ReturnType<typeof rubricPanels>>[number];

/** The counting rubrics, one per class the reader teaches, that grade this submission's learner, with their grade. */
export async function rubricPanels(actor: Actor, submissionId: string) {
  const scope = await staffScope(actor);
  const submission = await prisma().submission.findUnique({
    where: { id: submissionId },
    select: { id: true, userId: true, exerciseSlug: true, regradeOfId: true },
  });
  if (!submission) return [];
  const classIds = scope.classes.map((c) => c.id);
  const found = await rubricsGrading(submission.userId, submission.exerciseSlug, classIds);
  const attemptId = submission.regradeOfId ?? submission.id;
  return Promise.all(
    found.map(async (row) => {
      const taught = requireTaughtClass(scope, row.classId);
      const [rubric, grade] = await Promise.all([
        readRubric(prisma(), row.assignmentId),
        prisma().rubricGrade.findUnique({
          where: { assignmentId_userId: { assignmentId: row.assignmentId, userId: submission.userId } },
          include: { marks: { select: { itemId: true } } },
        }),
      ]);
      return {
        ...row,
        className: taught.name,
        items: rubric?.items ?? [],
        grade: grade && {
          itemIds: grade.marks.map((m) => m.itemId),
          comment: grade.comment,
          graderName: grade.graderName,
          gradedAt: grade.gradedAt,
          attemptId: grade.attemptId,
        },
        gradedThisAttempt: grade?.attemptId === attemptId,
        canGrade: !taught.archived,
      };
    }),
  );
}

/** The counting rubrics of the learner's classes (among `classIds`) that assign the exercise, by due date. */
function rubricsGrading(userId: string, exerciseSlug: string, classIds: string[]) {
  return typedSql(pool())
    .selectFrom("assignment as a")
    .innerJoin("rubric as r", (j) => j.onRef("r.assignmentId", "=", "a.id").on("r.mode", "<>", "none"))
    .innerJoin("class_member as m", (j) =>
      j.onRef("m.classId", "=", "a.classId").on("m.userId", "=", userId).on("m.role", "=", "learner"),
    )
    .select(["a.id as assignmentId", "a.classId", sql<RubricMode>`r.mode`.as("mode"), "r.share"])
    .where((w) => w.and({ "a.kind": "exercise", "a.itemSlug": exerciseSlug }))
    .where("a.classId", "=", sql<string>`ANY(${classIds}::text[])`)
    .orderBy("a.dueAt")
    .orderBy("a.id")
    .execute();
}
