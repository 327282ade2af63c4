import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient } from "../lib/db/client";
import { loadExercise } from "../lib/exercises/load-exercise";
import type { SubmittedFile } from "../lib/file-sets/validate-files";
import { resultDocumentSchema } from "../lib/grading/result-schema";
import { appendEvent } from "../lib/submissions/event-log";
import { submissionEventSchema } from "../lib/submissions/event-types";
import { withSizeComparison } from "../lib/submissions/size-history";
import { openSubmission, type TransitionOutcome, transition } from "../lib/submissions/transition";
import { signUpByApi, uniqueEmail } from "./accounts";

/*
 * A graded submission for a test whose subject is a page that shows one (the report, the history, the instructor's
 * pages, a deadline's credit), not grading itself. A real grading costs seconds to a minute of CPU (the build, the
 * cache phase's rebuilds, the run phase), so each attempt is graded for real once per run, by an account of its own,
 * and every test that needs it gets a copy written as the runner writes a grading (lib/submissions/transition.ts and
 * the event log). The learner's page is then the one a real grading of those files gives: the same result document,
 * log, phases and kept image. Tests whose subject is grading (grading-truth, platform-faults, scale-out, shell,
 * escaping, the learner journey's submit, a re-grade) submit for real instead.
 */

/** What a learner submits: an exercise and its files. */
export interface Attempt {
  exercise: string;
  files: SubmittedFile[];
}

const content = (file: string) => readFileSync(path.resolve(import.meta.dirname, "../content/exercises", file), "utf8");
const MAIN_PY = content("first-image/starter/app/main.py");
const firstImage = (dockerfile: string): Attempt => ({
  exercise: "first-image",
  files: [
    { path: "Dockerfile", content: dockerfile },
    { path: "app/main.py", content: MAIN_PY },
  ],
});

/**
 * The attempts most tests share, so a run grades each once: one fails at its RUN step (Dockerfile:3, quickly, the
 * build check quoting the step's output), the other builds, runs and passes.
 */
export const FAILS_AT_RUN_STEP = firstImage(
  'FROM python:3.11-slim\nWORKDIR /srv\nRUN echo "broken" && exit 3\nCMD ["python", "app/main.py"]\n',
);
export const PASSES = firstImage(
  'FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nCMD ["python", "app/main.py"]\n',
);

/**
 * Issue 22's model-server attempt: the solution without USER and HEALTHCHECK, copying the whole folder with an empty
 * .dockerignore, so .env (a fixed file of the exercise, holding a token) goes into the image. Three mistakes, found
 * by eight checks of every phase.
 */
export const THREE_MISTAKES: Attempt = {
  exercise: "model-server",
  files: [
    {
      path: "Dockerfile",
      content: content("model-server/solution/Dockerfile")
        .replace(/^USER app\n/m, "")
        .replace(/^HEALTHCHECK .*\\\n.*\n/m, "")
        .replace("COPY app/ ./app/", "COPY . ."),
    },
    { path: "requirements.txt", content: content("model-server/solution/requirements.txt") },
    { path: ".dockerignore", content: "" },
  ],
};

/** The attempt's Dockerfile, for a test that shows or changes it. */
export const dockerfileOf = (attempt: Attempt) => attempt.files.find((f) => f.path === "Dockerfile")!.content;

/** The accounts that grade attempts for real; their e-mails start with this (accounts.ts's uniqueEmail). */
const CAPTURE = "capture";
const GRADING_TIMEOUT_MS = 300_000;
/**
 * This test file's grading account: signing up is rate-limited, and one account may grade all of a file's attempts,
 * one at a time (each is waited for), well within the submission rate limit.
 */
let grader: Promise<string> | undefined;

interface Grading {
  id: string;
  status: string;
  runnerId: string;
  files: SubmittedFile[];
  result: unknown;
  errorMessage: string | null;
}

/**
 * Stores a submission of `attempt` by the learner with this e-mail, graded: a copy of this run's real grading of
 * the same files. `whileGrading` runs while it is queued, before its grading is written, for a page that follows
 * a grading live. Its id.
 */
export async function gradedSubmission(
  email: string,
  attempt: Attempt,
  whileGrading?: (id: string) => Promise<unknown>,
): Promise<string> {
  const db = new pg.Pool({ connectionString: inject("databaseUrl") });
  try {
    const source = await realGrading(db, attempt);
    const id = await open(db, email, { exercise: attempt.exercise, files: source.files });
    await whileGrading?.(id);
    await replay(db, id, source);
    return id;
  } finally {
    await db.end();
  }
}

/**
 * This run's real grading of the attempt, finished: submitted now through the submit route unless a test before
 * asked for it. The files are compared as the route stores them (validated, which leaves these as they are).
 */
async function realGrading(db: pg.Pool, attempt: Attempt): Promise<Grading> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id FROM submission s JOIN "user" u ON u.id = s."userId"
      WHERE u.email LIKE $1 AND s."exerciseSlug" = $2 AND s.files = $3::jsonb AND s."regradeOfId" IS NULL
      ORDER BY s."createdAt" LIMIT 1`,
    [`${CAPTURE}-%@example.test`, attempt.exercise, JSON.stringify(attempt.files)],
  );
  const id = rows[0]?.id ?? (await submitForReal(attempt));
  const deadline = Date.now() + GRADING_TIMEOUT_MS;
  for (;;) {
    const { rows: found } = await db.query<Grading>(
      `SELECT id, status, "runnerId", files, result, "errorMessage" FROM submission WHERE id = $1`,
      [id],
    );
    const grading = found[0]!;
    if (grading.status === "passed" || grading.status === "failed") return grading;
    // A platform fault is no grading of these files: copied, it would show every test an error.
    if (grading.status === "error") throw new Error(`real grading ${id} ended in error: ${grading.errorMessage}`);
    if (Date.now() > deadline) throw new Error(`real grading ${id} is still ${grading.status}`);
    await sleep(500);
  }
}

async function submitForReal(attempt: Attempt): Promise<string> {
  const baseUrl = inject("baseUrl");
  grader ??= signUpByApi("Capture Grader", uniqueEmail(CAPTURE));
  const cookie = await grader;
  const response = await fetch(`${baseUrl}/api/submissions`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(attempt),
  });
  if (response.status !== 202) throw new Error(`submission refused (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * The learner's submission, queued, as the submit route stores one but with no job: nothing grades it. The files are
 * the real grading's, as the route stored them.
 */
async function open(db: pg.Pool, email: string, { exercise, files }: Attempt): Promise<string> {
  const [learner] = (await db.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [email])).rows;
  if (!learner) throw new Error(`no account for ${email}`);
  const prisma = createPrismaClient(inject("databaseUrl"));
  try {
    const opened = await prisma.$transaction((tx) =>
      openSubmission(tx, { userId: learner.id, exerciseSlug: exercise, files }),
    );
    return opened.id;
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Writes the real grading's moves, events and result for the copy, in the runner's order
 * (sandbox-runner/grading-job.ts): running, the log and phase events, the kept image, then the result and final
 * status in one transition. The source's id in them becomes the copy's, as its own grading would have named it.
 */
async function replay(db: pg.Pool, id: string, source: Grading): Promise<void> {
  const renamed = (data: unknown): unknown => JSON.parse(JSON.stringify(data).replaceAll(source.id, id));
  await moved(transition(db, id, { to: "running", runnerId: source.runnerId }));
  const { rows } = await db.query<{ type: string; data: unknown }>(
    `SELECT type, data FROM submission_event WHERE "submissionId" = $1 AND type IN ('log', 'phase') ORDER BY id`,
    [source.id],
  );
  for (const event of rows) {
    const progress = submissionEventSchema.parse({ type: event.type, data: renamed(event.data) });
    await appendEvent(db, id, progress);
  }
  // The shell offered after grading opens in the source's image: the same files built it.
  await db.query(
    `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
     SELECT $1, "engineId", tag, "keptUntil" FROM kept_image WHERE "submissionId" = $2`,
    [id, source.id],
  );
  const graded = resultDocumentSchema.parse(renamed(source.result));
  const { spec } = await loadExercise(graded.exercise);
  // Compared with this learner's own earlier attempts, not the grading account's, where the exercise asks for it.
  const result = await withSizeComparison(db, { spec, submission: { id, files: source.files }, result: graded });
  await moved(transition(db, id, { to: result.status, result }));
}

async function moved(outcome: Promise<TransitionOutcome>): Promise<void> {
  const done = await outcome;
  if (!done.moved) throw new Error(`the lifecycle refused the move from ${done.current}`);
}
