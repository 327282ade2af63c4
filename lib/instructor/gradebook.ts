import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import {
  canManageClass,
  learnersInView,
  type StaffScope,
  staffScope,
  type TaughtClass,
  taughtClass,
} from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import { boundedName } from "../auth/account-limits";
import { auth } from "../auth/auth";
import type { CurrentUser } from "../auth/current-user";
import { classScoreTargets, scoreAssignments, scoreKey, toPercent } from "../classes/assignment-scores";
import { assignableItems } from "../classes/assignments";
import { earlyCreditSchema, maxCredit } from "../classes/late-policy";
import { env } from "../config/env";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { listGradedLabs } from "../labs/load-lab";
import { countPages, PAGE_SIZE, rowIdSchema } from "../list-query/list-query";
import { GRADED_ATTEMPTS } from "../submissions/graded-attempts";
import { gradebookCsv, gradebookFilename } from "./gradebook-csv";

export interface GradebookColumn {
  /** `exercise:<slug>`, `quiz:<lesson slug>` or `lab:<slug>`: unique across the kinds. */
  key: string;
  kind: "exercise" | "quiz" | "lab";
  /** The exercise's or lab's slug, or the slug of the lesson the quiz belongs to. */
  slug: string;
  /** The exercise's or lab's title, or the title of the quiz's lesson. */
  title: string;
  /** With a class selected, the class's assignment of this item: its scores are credited by its late policy. */
  assignment?: {
    id: string;
    dueAt: string;
    /** The highest score it can earn: 100, more with early credit. */
    maxScore: number;
  };
}

/** Why an assigned column's score is what it is, for the marker beside it. */
export interface CreditNote {
  /** The work's credit: "on time", "1 day 4 hours late: 80 %". */
  reason: string;
  late: boolean;
  /** Set when the work earned more than 100 % for being done early (the assignment's early credit). */
  early?: true;
  /** Set when staff replaced the computed score by hand. */
  override: { reason: string; computed: number | null } | null;
  /** Set when the work is handed in and awaits staff's grading by the assignment's rubric (lib/rubrics/). */
  awaitingGrading?: true;
  /** When the learner first asked for the solution (ISO), if the scored attempt came after: it counts, staff judge. */
  afterSolution: string | null;
}

export interface GradebookLearner {
  id: string;
  name: string;
  email: string;
  /** Per column key, the best score in percent (0–100, one decimal; to 200 with early credit), null if ungraded. */
  scores: Record<string, number | null>;
  /** For the assigned columns of a selected class: why each score is what it is (no key: nothing to say). */
  notes: Record<string, CreditNote>;
}

export interface Gradebook {
  generatedAt: string;
  /** The class whose learners these are, or null for every learner the reader may see. */
  class: { id: string; name: string } | null;
  columns: GradebookColumn[];
  learners: GradebookLearner[];
}

export type GradebookAccess = Awaited<ReturnType<typeof gradebookAccess>>;

export const GRADEBOOK_JSON_PATH = "/api/instructor/gradebook";
export const GRADEBOOK_CSV_PATH = "/api/instructor/gradebook.csv";

/** The `?class=<id>` of the gradebook's page and APIs: absent means no class selected. */
export const gradebookClassSchema = rowIdSchema.nullable();

type View = Awaited<ReturnType<typeof viewOf>>;

/**
 * Whose rows the reader sees (`learnersInView`, the one rule): with a class, its learners (nobody for a class they do
 * not teach); without, the learners of all their classes, or every account with the learner role for an admin (null).
 */
async function viewOf(scope: StaffScope, classId: string | null) {
  const learnerIds = await learnersInView(scope, classId);
  return { learnerIds, selected: classId === null ? null : (taughtClass(scope, classId) ?? null) };
}

/** Every column for the view's learners in order from `offset`, `limit` of them (null: all). */
async function gradebookOf(view: View, limit: number | null, offset: number): Promise<Gradebook> {
  const [columns, learners] = await Promise.all([gradebookColumns(view.selected), learnerRows(view, limit, offset)]);
  return {
    generatedAt: new Date().toISOString(),
    class: view.selected && { id: view.selected.id, name: view.selected.name },
    columns,
    learners: await withScores(columns, learners, view.selected),
  };
}

/** Every learner in view, every column: what the JSON API and the CSV export answer. */
export async function loadGradebook(staff: Pick<CurrentUser, "id" | "role">, classId: string | null) {
  return gradebookOf(await viewOf(await staffScope(staff), classId), null, 0);
}

/**
 * One page of learners (`total` counts them) for the preview table, with the API's address for scripts, the classes
 * to filter by (newest first), and whether the reader may override scores in the selected class (never a TA).
 */
export async function gradebookPreview(staff: Pick<CurrentUser, "id" | "role">, page: number, classId: string | null) {
  const scope = await staffScope(staff);
  const view = await viewOf(scope, classId);
  const pagination = await countPages(typedSql(pool()).selectFrom("user").where(inView(view)), page);
  const [gradebook, access] = await Promise.all([gradebookOf(view, PAGE_SIZE, pagination.offset), gradebookAccess()]);
  return {
    gradebook: { ...gradebook, ...pagination },
    access,
    classes: scope.classes,
    canOverride: view.selected !== null && canManageClass(scope, view.selected.id) && !view.selected.archived,
  };
}

/** The JSON API's answer: the whole gradebook in view, its export logged. */
export const gradebookJsonExport = (staff: CurrentUser, classId: string | null = null) =>
  exported(staff, classId, "json");

/** The CSV download: the whole gradebook in view and the file name it is saved under, its export logged. */
export async function gradebookCsvExport(staff: CurrentUser, classId: string | null = null) {
  const gradebook = await exported(staff, classId, "csv");
  return { filename: gradebookFilename(new Date(gradebook.generatedAt)), csv: gradebookCsv(gradebook) };
}

/** An export takes every learner's scores out, so it is logged after the read succeeds and before it is answered. */
async function exported(staff: CurrentUser, classId: string | null, format: "csv" | "json"): Promise<Gradebook> {
  const gradebook = await loadGradebook(staff, classId);
  await recordAdminAction(prisma(), staff, {
    action: "gradebook_exported",
    details: {
      format,
      learners: gradebook.learners.length,
      columns: gradebook.columns.length,
      ...(gradebook.class ? { className: gradebook.class.name } : {}),
    },
  });
  return gradebook;
}

/**
 * One column per exercise (listExercises() order), per lesson quiz in course order, then per lab (not the playground:
 * no tasks); with a class, its assigned items' columns carry their assignment.
 */
async function gradebookColumns(selected: TaughtClass | null): Promise<GradebookColumn[]> {
  const [items, assigned] = await Promise.all([
    assignableItems(),
    selected ? classAssignmentsByKey(selected.id) : new Map<string, GradebookColumn["assignment"]>(),
  ]);
  // The same items as an assignment's picker, which lists labs before quizzes.
  const rank = { exercise: 0, quiz: 1, lab: 2 };
  return items
    .sort((a, b) => rank[a.kind] - rank[b.kind])
    .map(({ kind, slug, title }) => {
      const key = `${kind}:${slug}`;
      const assignment = assigned.get(key);
      return assignment ? { key, kind, slug, title, assignment } : { key, kind, slug, title };
    });
}

async function classAssignmentsByKey(classId: string): Promise<Map<string, GradebookColumn["assignment"]>> {
  const rows = await typedSql(pool())
    .selectFrom("assignment")
    .select(["id", sql<string>`kind::text || ':' || "itemSlug"`.as("key"), "dueAt", "earlyCredit"])
    .where("classId", "=", classId)
    .execute();
  const maxScore = (earlyCredit: unknown) => maxCredit(earlyCreditSchema.parse(earlyCredit));
  return new Map(
    rows.map((a) => [a.key, { id: a.id, dueAt: a.dueAt.toISOString(), maxScore: maxScore(a.earlyCredit) }]),
  );
}

// Without a list, accounts with the learner role; with one, exactly the listed accounts (a class's learners).
const inView = (view: View) =>
  sql<boolean>`((${view.learnerIds}::text[] IS NULL AND role = 'learner') OR id = ANY(${view.learnerIds}::text[]))`;

/** Learners in view in the gradebook's order (name, then email); `limit` null means all of them. */
async function learnerRows(view: View, limit: number | null, offset: number) {
  const rows = await typedSql(pool())
    .selectFrom("user")
    .select(["id", "name", "email"])
    .where(inView(view))
    .orderBy("name")
    .orderBy("email")
    .orderBy("id")
    .limit(limit)
    .offset(offset)
    .execute();
  // Names bounded here, so the page, the JSON and the CSV never carry an overlong name from before the limit.
  return rows.map((r) => ({ ...r, name: boundedName(r.name) }));
}

/**
 * Each learner's best graded attempt per exercise (the standing grading's score, GRADED_ATTEMPTS) and quiz (correct /
 * total), aggregated in SQL for these learners only and pivoted here; no graded attempt is null, never 0.
 */
async function withScores(
  columns: GradebookColumn[],
  learners: Pick<GradebookLearner, "id" | "name" | "email">[],
  selected: TaughtClass | null,
): Promise<GradebookLearner[]> {
  if (learners.length === 0) return [];
  const ids = learners.map((l) => l.id);
  // The score is read with one jsonpath call: result documents are large and stored compressed, so each access
  // decompresses the whole document, and this reads it once per attempt (a second `->` would double the cost).
  const score = sql<number>`jsonb_path_query_first(result, '$.score ? (@.type() == "number")')::float8`;
  const among = sql<boolean>`"userId" = ANY(${ids}::text[])`;
  const rows = await typedSql(pool())
    .selectFrom(sql`(WITH ${sql.raw(GRADED_ATTEMPTS)} SELECT * FROM graded_attempt)`.as("g"))
    .select([sql<string>`"userId"`.as("userId"), sql<"exercise" | "quiz">`'exercise'`.as("kind")])
    // Null when none of the attempts' result documents holds a numeric score.
    .select([sql<string>`"exerciseSlug"`.as("slug"), sql<number | null>`max(${score})`.as("best")])
    .where(sql<boolean>`${among} AND status IN ('passed', 'failed')`)
    .groupBy(sql`"userId", "exerciseSlug"`)
    .unionAll(
      typedSql(pool())
        .selectFrom("quiz_attempt")
        .select(["userId", sql<"quiz">`'quiz'`.as("kind"), "lessonSlug as slug"])
        .select(sql<number | null>`max(correct::float8 / total)`.as("best"))
        .where(among)
        .where("total", ">", 0)
        .groupBy(["userId", "lessonSlug"]),
    )
    .execute();
  const known = new Set(columns.map((c) => c.key));
  const best = new Map<string, Record<string, number | null>>();
  for (const row of [...rows, ...(await labScores(ids))]) {
    const key = `${row.kind}:${row.slug}`;
    // Attempts at an exercise or quiz the course no longer has have no column to go in.
    if (z.number().min(0).max(1).nullable().parse(row.best) === null || !known.has(key)) continue;
    const scores = best.get(row.userId) ?? {};
    scores[key] = toPercent(row.best!);
    best.set(row.userId, scores);
  }
  const credited = await creditedScores(selected, columns, ids);
  return learners.map((l) => {
    const found = best.get(l.id) ?? {};
    const notes: Record<string, CreditNote> = {};
    const scores = Object.fromEntries(
      columns.map((c) => {
        const cell = c.assignment && credited.get(scoreKey(c.assignment.id, l.id));
        if (!cell) return [c.key, found[c.key] ?? null];
        if (cell.note) notes[c.key] = cell.note;
        return [c.key, cell.score];
      }),
    );
    return { ...l, scores, notes };
  });
}

/** The assigned columns' scores as the selected class counts them: late policy, extensions and overrides applied. */
async function creditedScores(selected: TaughtClass | null, columns: GradebookColumn[], userIds: string[]) {
  const credited = new Map<string, { score: number | null; note: CreditNote | null }>();
  if (!selected || !columns.some((c) => c.assignment)) return credited;
  const scores = await scoreAssignments(await classScoreTargets([selected.id], userIds));
  for (const [key, s] of scores) {
    const override = s.override && { reason: s.override.reason, computed: s.computed };
    const afterSolution = s.afterSolution?.toISOString() ?? null;
    const early = (s.credit?.credit ?? 0) > 100;
    const note: CreditNote = {
      reason: s.credit?.reason ?? "",
      late: Boolean(s.credit?.late),
      override,
      afterSolution,
      ...(s.awaitingGrading ? { awaitingGrading: true } : {}),
      ...(early ? { early: true } : {}),
    };
    const worthSaying = override || note.late || afterSolution || s.awaitingGrading || early;
    credited.set(key, { score: s.score, note: worthSaying ? note : null });
  }
  return credited;
}

/**
 * A lab's score: the share of its current tasks the learner has done, in any session (a task done stays done, as a
 * passed attempt stays passed). No task done is no score, never 0.
 */
async function labScores(userIds: string[]) {
  const [labs, rows] = await Promise.all([
    listGradedLabs(),
    typedSql(pool())
      .selectFrom("lab_task_done")
      .select((eb) => ["userId", "labSlug", eb.fn.agg<string[]>("array_agg", ["taskId"]).as("tasks")])
      .where(sql<boolean>`"userId" = ANY(${userIds}::text[])`)
      .groupBy(["userId", "labSlug"])
      .execute(),
  ]);
  const tasksOf = new Map(labs.map((l) => [l.slug, new Set(l.spec.tasks.map((t) => t.id))]));
  return rows.flatMap((row) => {
    const current = tasksOf.get(row.labSlug);
    const done = current ? row.tasks.filter((t) => current.has(t)).length : 0;
    if (!current || done === 0) return [];
    return [{ userId: row.userId, kind: "lab" as const, slug: row.labSlug, best: done / current.size }];
  });
}

/** Where scripts fetch the gradebook, and the cookie that carries a signed-in session to it. */
async function gradebookAccess() {
  const origin = new URL(env().APP_URL).origin;
  // better-auth names the cookie (a __Secure- prefix over HTTPS); ask it rather than guess.
  const context = await auth().$context;
  return {
    jsonUrl: origin + GRADEBOOK_JSON_PATH,
    csvUrl: origin + GRADEBOOK_CSV_PATH,
    sessionCookie: context.authCookies.sessionToken.name,
  };
}
