import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { loadLessonQuizzes, loadQuizForLesson } from "../content/load-lesson";
import type { Quiz, QuizQuestion } from "../content/schemas";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";

/**
 * When a question is flagged (never below the minimum of learners, where a share says nothing). "hard": almost nobody
 * answers it fully right, usually a misleading option or wording, or something the lesson does not teach. "easy":
 * almost everybody does, so it teaches and measures little.
 */
export const FLAG_RULE = { minLearners: 5, hardAtMostPercent: 10, easyAtLeastPercent: 95 } as const;

export type QuestionFlag = "none" | "hard" | "easy";

/** The flag of a question answered by `answered` learners, `fullyRight` of them fully right. */
export function questionFlag(answered: number, fullyRight: number): QuestionFlag {
  if (answered < FLAG_RULE.minLearners) return "none";
  // Integer comparisons: 1 of 10 is exactly 10 %, with no floating-point rounding to decide the edge.
  if (fullyRight * 100 <= FLAG_RULE.hardAtMostPercent * answered) return "hard";
  if (fullyRight * 100 >= FLAG_RULE.easyAtLeastPercent * answered) return "easy";
  return "none";
}

/** Which of a learner's attempts at a quiz speaks for them: their first (what the lesson taught) or their latest. */
export const QUIZ_ATTEMPT_CHOICES = ["first", "latest"] as const;
export type QuizAttemptChoice = (typeof QUIZ_ATTEMPT_CHOICES)[number];

/**
 * The answer key as parallel arrays (a relation for PostgreSQL to hash, not a JSON document to take apart row by row):
 * each lesson's quiz ("lesson/quiz id": slugs hold no "/"), so attempts at an earlier quiz of the lesson do not count;
 * per question the correct option ids, or for ordering the items in order, as JSON arrays.
 */
function answerKey(quizzes: { lesson: string; quiz: Quiz }[]) {
  const questions = quizzes.flatMap(({ lesson, quiz }) =>
    quiz.questions.map((q) => ({
      lesson,
      question: q.id,
      ordered: q.kind === "ordering",
      ids: q.kind === "ordering" ? q.items.map((i) => i.id) : q.options.filter((o) => o.correct).map((o) => o.id),
    })),
  );
  return {
    lessons: quizzes.map((q) => q.lesson),
    quizzes: quizzes.map((q) => `${q.lesson}/${q.quiz.id}`),
    keyLessons: questions.map((q) => q.lesson),
    keyQuestions: questions.map((q) => q.question),
    ordered: questions.map((q) => q.ordered),
    ids: questions.map((q) => JSON.stringify(q.ids)),
  };
}

/**
 * Every aggregate of the quizzes in the key, from one pick of attempts, counting `learners` (a class's learner ids,
 * lib/access/staff-scope.ts, or null for every learner); option counts only when asked for.
 *
 * `chosen_attempt`: one attempt per learner and quiz, the first or the latest. Filtering learners and quizzes after
 * the pick equals filtering before it (the pick partitions by user, quiz and lesson) and lets it read attempts without
 * a join; the lesson filter inside narrows the scan. The quiz filter compares with a list rather than joining, whose
 * estimate would mislead the planner into a nested loop over every learner.
 *
 * `answer`: each question of the key with the chosen attempt's answer. A choice answer is right when it holds exactly
 * the correct options (containment both ways: order and repeats do not matter, as in gradeAnswer); an ordering answer
 * when it is the key's array. Materialised, so the aggregates group a narrow row set rather than sort answers along.
 */
async function quizNumbers(
  key: ReturnType<typeof answerKey>,
  learners: string[] | null,
  choice: QuizAttemptChoice,
  withOptions: boolean,
) {
  const order = sql.raw(choice === "first" ? "ASC" : "DESC");
  const all = sql`(WITH chosen_attempt AS MATERIALIZED (
    SELECT c.lesson, c."userId", c.answers, c.correct, c.total
      FROM (SELECT DISTINCT ON (q."userId", q."quizId", q."lessonSlug")
                   q."lessonSlug" AS lesson, q."quizId" AS quiz, q."userId", q.answers, q.correct, q.total
              FROM quiz_attempt q
             WHERE q."lessonSlug" = ANY(${key.lessons}::text[])
               AND (${learners}::text[] IS NULL OR q."userId" = ANY(${learners}::text[]))
             ORDER BY q."userId", q."quizId", q."lessonSlug", q."createdAt" ${order}, q.id ${order}) c
      JOIN "user" u ON u.id = c."userId"
     WHERE u.role = 'learner' AND c.lesson || '/' || c.quiz = ANY(${key.quizzes}::text[])
  ),
  answer AS MATERIALIZED (
    SELECT c.lesson, k.question, ${withOptions ? sql`c."userId", k.ordered, c.answers -> k.question AS chosen,` : sql``}
           CASE WHEN k.ordered THEN (c.answers -> k.question) = k.ids
                ELSE (c.answers -> k.question) @> k.ids AND k.ids @> (c.answers -> k.question) END AS is_right
      FROM chosen_attempt c
      JOIN unnest(${key.keyLessons}::text[], ${key.keyQuestions}::text[], ${key.ordered}::boolean[],
                  ${key.ids}::jsonb[]) AS k(lesson, question, ordered, ids)
        ON k.lesson = c.lesson
     WHERE jsonb_typeof(c.answers -> k.question) = 'array'
  )
  SELECT ${sql.raw([SUMMARIES, OUTCOMES, ...(withOptions ? [OPTIONS] : [])].join(", "))})`;
  const numbers = numbersSchema.parse(await typedSql(pool()).selectFrom(all.as("n")).selectAll().executeTakeFirst());
  return { ...numbers, summaries: new Map(numbers.summaries.map((r) => [r.lesson, r])) };
}

/** Per lesson: learners and their mean share of questions right in the chosen attempt. */
const SUMMARIES = `(SELECT COALESCE(json_agg(s), '[]')
   FROM (SELECT lesson, count(*)::int AS learners, avg(correct::float8 / NULLIF(total, 0)) AS "averageScore"
           FROM chosen_attempt GROUP BY lesson) s) AS summaries`;

/** Per lesson and question: learners who answered it in the chosen attempt, and how many fully right. */
const OUTCOMES = `(SELECT COALESCE(json_agg(o), '[]')
   FROM (SELECT lesson, question, count(*)::int AS answered, count(*) FILTER (WHERE is_right)::int AS "fullyRight"
           FROM answer GROUP BY lesson, question) o) AS outcomes`;

/** Per question and option, the learners who chose it; for ordering, per item and the position they put it in. */
const OPTIONS = `(SELECT COALESCE(json_agg(p), '[]')
   FROM (SELECT a.question, e.option, CASE WHEN a.ordered THEN e.position::int END AS position,
                count(DISTINCT a."userId")::int AS learners
           FROM answer a
          CROSS JOIN LATERAL jsonb_array_elements_text(a.chosen) WITH ORDINALITY AS e(option, position)
          GROUP BY a.question, e.option, 3) p) AS options`;

const count = z.number().int();
const numbersSchema = z.object({
  summaries: z.array(z.object({ lesson: z.string(), learners: count, averageScore: z.number().nullable() })),
  outcomes: z.array(z.object({ lesson: z.string(), question: z.string(), answered: count, fullyRight: count })),
  options: z
    .array(z.object({ question: z.string(), option: z.string(), position: count.nullable(), learners: count }))
    .default([]),
});
type Numbers = z.infer<typeof numbersSchema>;

export type QuizSummary = Awaited<ReturnType<typeof quizOverview>>[number];

/**
 * Every lesson quiz in course order with its learners (those with an attempt, among `learners`; null: every learner),
 * their mean share of questions right in their first attempts (0..1, undefined without any) and the questions flagged.
 */
export async function quizOverview(learners: string[] | null) {
  const quizzes = await loadLessonQuizzes();
  const key = answerKey(quizzes.map(({ entry, quiz }) => ({ lesson: entry.slug, quiz })));
  const { summaries, outcomes } = await quizNumbers(key, learners, "first", false);
  return quizzes.map(({ entry, quiz }) => {
    const summary = summaries.get(entry.slug);
    const flags = outcomes.filter((o) => o.lesson === entry.slug).map((o) => questionFlag(o.answered, o.fullyRight));
    return {
      lesson: { slug: entry.slug, title: entry.title },
      questions: quiz.questions.length,
      learners: summary?.learners ?? 0,
      averageFirstScore: summary?.averageScore ?? undefined,
      flagged: { hard: flags.filter((f) => f === "hard").length, easy: flags.filter((f) => f === "easy").length },
    };
  });
}

export type QuestionStats = ReturnType<typeof questionStats>;

/** Per question of a lesson's quiz, in order, what `learners` (null: every learner) chose in their chosen attempt. */
export async function quizStats(lessonSlug: string, attempt: QuizAttemptChoice, learners: string[] | null) {
  const { entry, quiz } = await loadQuizForLesson(lessonSlug);
  const key = answerKey([{ lesson: entry.slug, quiz }]);
  const { summaries, outcomes, options } = await quizNumbers(key, learners, attempt, true);
  const summary = summaries.get(entry.slug);
  return {
    lesson: { slug: entry.slug, title: entry.title },
    quizId: quiz.id,
    attempt,
    learners: summary?.learners ?? 0,
    averageScore: summary?.averageScore ?? undefined,
    questions: quiz.questions.map((q) => questionStats(q, outcomes, options)),
  };
}

/**
 * One question's outcome in the chosen attempts, and per option (for ordering, per 1-based position, with the item
 * that belongs there) the learners who chose it (put it there) and their share of those who answered.
 */
function questionStats(q: QuizQuestion, outcomes: Numbers["outcomes"], options: Numbers["options"]) {
  const outcome = outcomes.find((o) => o.question === q.id);
  const answered = outcome?.answered ?? 0;
  const fullyRight = outcome?.fullyRight ?? 0;
  const counts = options.filter((o) => o.question === q.id);
  const shareOf = (n: number) => (answered > 0 ? n / answered : 0);
  const share = answered > 0 ? fullyRight / answered : undefined;
  const base = { id: q.id, prompt: q.prompt, answered, fullyRight, share, flag: questionFlag(answered, fullyRight) };
  if (q.kind === "ordering") {
    return {
      ...base,
      kind: q.kind,
      positions: q.items.map((item, i) => {
        const learners = counts.find((c) => c.option === item.id && c.position === i + 1)?.learners ?? 0;
        return { position: i + 1, id: item.id, text: item.text, learners, share: shareOf(learners) };
      }),
    };
  }
  return {
    ...base,
    kind: q.kind,
    options: q.options.map((o) => {
      const learners = counts.find((c) => c.option === o.id)?.learners ?? 0;
      return { id: o.id, text: o.text, correct: o.correct, learners, share: shareOf(learners) };
    }),
  };
}
