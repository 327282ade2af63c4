/**
 * Seeds a database with a course's worth of learner activity for the instructor pages' benchmark: learners,
 * their lesson views, quiz attempts (answered from the real quizzes, graded by the real grader), submissions with
 * result documents built from the real check catalogue, a batch of re-grades, and a live runner.
 *
 * Deterministic (a seeded generator), so two runs measure the same data. Inserts go through `unnest` in batches:
 * 20,000 submissions take a few seconds.
 */
import type pg from "pg";
import { loadCourse } from "../lib/content/load-course";
import { loadLessonQuizzes } from "../lib/content/load-lesson";
import type { Quiz } from "../lib/content/schemas";
import { listExercises } from "../lib/exercises/load-exercise";
import type { CheckResult, ResultDocument } from "../lib/grading/result-schema";
import { RESULT_VERSION } from "../lib/grading/result-schema";
import { gradeAnswer } from "../lib/quiz/grade-answer";
import { CHECK_CATALOGUE } from "../sandbox-runner/pipeline/catalogue";

export interface SeedSize {
  learners: number;
  submissions: number;
}

export interface SeedSummary {
  learners: number;
  submissions: number;
  regrades: number;
  quizAttempts: number;
  lessonViews: number;
  /** A learner with submissions, and one of their failed submissions, for the detail pages. */
  sampleLearnerId: string;
  sampleSubmissionId: string;
  sampleExercise: string;
  sampleLesson: string;
}

const DAY = 86_400_000;
const BATCH = 2_000;

/** mulberry32: small, fast and good enough to spread synthetic activity. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedInstructorData(
  client: pg.ClientBase,
  size: SeedSize,
  now = Date.now(),
): Promise<SeedSummary> {
  const random = generator(12_345);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const course = await loadCourse();
  const exercises = (await listExercises()).map((e) => e.slug);
  const quizzes = (await loadLessonQuizzes()).map(({ entry, quiz }) => ({ lesson: entry.slug, quiz }));
  // Each exercise grades a dozen checks; some checks are hard (fail often), which the statistics should surface.
  const checksOf = new Map(
    exercises.map((slug, i) => [slug, CHECK_CATALOGUE.filter((_, j) => (j + i) % 4 === 0).slice(0, 12)]),
  );
  const difficulty = new Map(CHECK_CATALOGUE.map((c) => [c.id, random() * 0.6]));

  const users = Array.from({ length: size.learners }, (_, i) => ({
    id: `bench-learner-${i}`,
    name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
    email: `learner${i}@bench.example`,
    createdAt: new Date(now - (5 + random() * 85) * DAY),
  }));
  await insert(
    client,
    "user",
    ["id", "name", "email", "emailVerified", "role", "createdAt", "updatedAt"],
    users,
    (u) => [u.id, u.name, u.email, false, "learner", u.createdAt, u.createdAt],
  );

  // Lesson views and quiz attempts: most learners work through the first modules, fewer reach the later ones.
  const views: unknown[][] = [];
  const attempts: unknown[][] = [];
  for (const user of users) {
    const reach = Math.floor(random() * course.lessons.length);
    for (const lesson of course.lessons.slice(0, reach + 1)) {
      const viewed = new Date(user.createdAt.getTime() + random() * (now - user.createdAt.getTime()));
      const quiz = quizzes.find((q) => q.lesson === lesson.slug);
      let completed: Date | null = quiz ? null : viewed;
      if (quiz && random() < 0.7) {
        for (let attempt = 0, done = false; attempt < 3 && !done; attempt++) {
          const answers = answer(quiz.quiz, random, 0.55 + attempt * 0.2);
          const grade = gradeAnswer(quiz.quiz, answers);
          const at = new Date(viewed.getTime() + (attempt + 1) * 60_000);
          attempts.push([
            `${user.id}-q-${lesson.slug}-${attempt}`,
            user.id,
            lesson.slug,
            quiz.quiz.id,
            JSON.stringify(answers),
            grade.correct,
            grade.total,
            at,
          ]);
          done = grade.correct === grade.total;
          if (done) completed = at;
        }
      }
      views.push([`${user.id}-v-${lesson.slug}`, user.id, lesson.slug, viewed, completed]);
    }
  }
  await insertRows(client, "lesson_progress", ["id", "userId", "lessonSlug", "firstViewedAt", "completedAt"], views);
  await insertRows(
    client,
    "quiz_attempt",
    ["id", "userId", "lessonSlug", "quizId", "answers", "correct", "total", "createdAt"],
    attempts,
  );

  // Submissions: a learner keeps submitting an exercise until it passes (or gives up); spread over 60 days.
  const submissions: unknown[][] = [];
  let sampleSubmissionId = "";
  let sampleLearnerId = "";
  while (submissions.length < size.submissions) {
    const user = users[submissions.length % users.length]!;
    const exercise = pick(exercises);
    const tries = 1 + Math.floor(random() * 5);
    let at = now - random() * 60 * DAY;
    for (let t = 0; t < tries && submissions.length < size.submissions; t++) {
      at += 5 * 60_000;
      const id = `bench-sub-${submissions.length}`;
      const status = t === tries - 1 && random() < 0.75 ? "passed" : random() < 0.03 ? "error" : "failed";
      const result = status === "error" ? null : resultFor(id, exercise, status, checksOf.get(exercise)!, difficulty);
      if (status === "failed" && !sampleSubmissionId) {
        sampleSubmissionId = id;
        sampleLearnerId = user.id;
      }
      submissions.push(submissionRow(id, user.id, exercise, status, result, new Date(Math.min(at, now - 60_000))));
    }
  }
  await insertRows(client, "submission", SUBMISSION_COLUMNS, submissions);

  // One finished batch of re-grades of an exercise's failed attempts, as after a check changed.
  const batchExercise = exercises[0]!;
  const originals = submissions.filter((s) => s[2] === batchExercise && s[3] === "failed").slice(0, 200);
  await client.query(
    `INSERT INTO regrade_batch (id, "exerciseSlug", "requestedById", total, "createdAt") VALUES ($1, $2, $3, $4, $5)`,
    ["bench-batch", batchExercise, users[0]!.id, originals.length, new Date(now - DAY)],
  );
  const regrades = originals.map((o, i) => {
    const id = `bench-regrade-${i}`;
    const status = random() < 0.5 ? "passed" : "failed";
    const row = submissionRow(id, o[1] as string, batchExercise, status, null, new Date(now - DAY + i * 1000));
    row[5] = JSON.stringify(resultFor(id, batchExercise, status, checksOf.get(batchExercise)!, difficulty));
    return [...row, o[0], "bench-batch"];
  });
  await insertRows(client, "submission", [...SUBMISSION_COLUMNS, "regradeOfId", "regradeBatchId"], regrades);

  await client.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, "activeJobs", state, "startedAt", "lastSeenAt")
     VALUES ('bench-runner', 'bench-host', 2, 1, ARRAY['grade-cpu', 'grade-gpu'], 0, 'running', now(), now())`,
  );
  await client.query("ANALYZE");
  return {
    learners: users.length,
    submissions: submissions.length,
    regrades: regrades.length,
    quizAttempts: attempts.length,
    lessonViews: views.length,
    sampleLearnerId,
    sampleSubmissionId,
    sampleExercise: batchExercise,
    sampleLesson: quizzes[0]!.lesson,
  };
}

const SUBMISSION_COLUMNS = [
  "id",
  "userId",
  "exerciseSlug",
  "status",
  "files",
  "result",
  "createdAt",
  "startedAt",
  "finishedAt",
  "runnerId",
];

function submissionRow(
  id: string,
  userId: string,
  exercise: string,
  status: string,
  result: ResultDocument | null,
  at: Date,
): unknown[] {
  const files = [
    { path: "Dockerfile", content: `FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app.py"]\n` },
  ];
  return [
    id,
    userId,
    exercise,
    status,
    JSON.stringify(files),
    result && JSON.stringify(result),
    at,
    new Date(at.getTime() + 2_000),
    new Date(at.getTime() + 30_000),
    "bench-runner",
  ];
}

function resultFor(
  submissionId: string,
  exercise: string,
  status: "passed" | "failed",
  specs: typeof CHECK_CATALOGUE,
  difficulty: Map<string, number>,
): ResultDocument {
  const hash = [...submissionId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
  const checks: CheckResult[] = specs.map((spec, i) => {
    const fails = status === "failed" && ((hash >>> i) & 0xff) / 255 < difficulty.get(spec.id)! + 0.2;
    return {
      id: spec.id,
      category: spec.category,
      title: spec.title,
      method: spec.method,
      status: fails ? "fail" : "pass",
      points: fails ? 0 : spec.points,
      maxPoints: spec.points,
      message: fails ? `${spec.title}: not met.` : `${spec.title}: met.`,
      why: spec.why,
      fix: spec.fix,
      lesson: spec.lesson,
    };
  });
  if (status === "failed" && !checks.some((c) => c.status === "fail")) {
    checks[0] = { ...checks[0]!, status: "fail", points: 0 };
  }
  const max = checks.reduce((sum, c) => sum + c.maxPoints, 0);
  const got = checks.reduce((sum, c) => sum + c.points, 0);
  return {
    version: RESULT_VERSION,
    submissionId,
    exercise,
    status,
    score: max ? got / max : 1,
    phases: [
      { name: "static", status: "passed", ms: 40 },
      { name: "build", status: "passed", ms: 12_000 },
    ],
    checks,
    logTruncated: false,
  };
}

/** Answers a quiz, each question right with probability `skill`, otherwise a plausible wrong choice. */
function answer(quiz: Quiz, random: () => number, skill: number): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const q of quiz.questions) {
    const right = random() < skill;
    if (q.kind === "ordering") {
      const order = q.items.map((i) => i.id);
      if (!right) order.reverse();
      answers[q.id] = order;
    } else {
      const correct = q.options.filter((o) => o.correct).map((o) => o.id);
      const wrong = q.options.filter((o) => !o.correct).map((o) => o.id);
      answers[q.id] = right || !wrong.length ? correct : [wrong[Math.floor(random() * wrong.length)]!];
    }
  }
  return answers;
}

async function insert<T>(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  items: T[],
  row: (item: T) => unknown[],
) {
  await insertRows(client, table, columns, items.map(row));
}

/** Multi-row inserts in batches, every value a parameter. */
async function insertRows(client: pg.ClientBase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const list = columns.map((c) => `"${c}"`).join(", ");
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
    await client.query(`INSERT INTO "${table}" (${list}) VALUES ${values.join(", ")}`, batch.flat());
  }
}

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson"];
