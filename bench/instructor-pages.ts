/**
 * The instructor pages at scale: `node --import tsx bench/instructor-pages.ts [rounds=10]` after `npx next build`.
 *
 * Starts a PostgreSQL of its own (embedded, port 54361, `.data/bench-instructor-pg`), recreates a database, applies
 * the migrations, seeds 1,000 learners and 20,000 submissions (`seed-instructor-data.ts`; BENCH_LEARNERS and
 * BENCH_SUBMISSIONS change that), starts the production server on port 3105 against it, signs up an account and
 * makes it an admin, then requests every instructor page `rounds` times after one warm-up request each. Then the same
 * learners in 20 classes of 50 (BENCH_CLASSES): the pages of one class, as its instructor and as an admin who picked
 * it (`?class=`). Prints the median and the slowest time per page, server side included (the whole response, as a
 * browser waits for it), and exits 1 when a page's median is over the 300 ms goal.
 */
import pg from "pg";
import { startBenchServer } from "./bench-server";
import { seedInstructorData } from "./seed-instructor-data";

const GOAL_MS = 300;
const PORT = 3105;
const rounds = Math.max(3, Number(process.argv[2] ?? 10));
const size = {
  learners: Number(process.env.BENCH_LEARNERS ?? 1_000),
  submissions: Number(process.env.BENCH_SUBMISSIONS ?? 20_000),
};
const classCount = Number(process.env.BENCH_CLASSES ?? 20);

const platform = await startBenchServer({ port: PORT, pgPort: 54361, dataDir: ".data/bench-instructor-pg" });
const BASE = platform.base;
try {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  const seedStart = performance.now();
  const seeded = await seedInstructorData(client, size);
  console.error(
    `seeded ${seeded.learners} learners, ${seeded.submissions} submissions (+${seeded.regrades} re-grades), ` +
      `${seeded.quizAttempts} quiz attempts, ${seeded.lessonViews} lesson views in ` +
      `${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const classSize = await seedClasses(client, size.learners, classCount);

  await platform.startWeb();
  const cookie = await signUpAdmin(client);
  const instructorCookie = await signUpInstructor(client, "bench-class-0");
  await client.end();

  const pages = [
    "/instructor",
    "/instructor/learners",
    "/instructor/learners?sort=lessons&dir=desc&page=7",
    "/instructor/learners?q=hopper",
    `/instructor/learners/${seeded.sampleLearnerId}`,
    "/instructor/submissions",
    `/instructor/submissions?exercise=${seeded.sampleExercise}&status=failed&page=3`,
    `/instructor/submissions/${seeded.sampleSubmissionId}`,
    "/instructor/exercises",
    `/instructor/exercises/${seeded.sampleExercise}`,
    "/instructor/quizzes",
    `/instructor/quizzes/${seeded.sampleLesson}`,
    "/instructor/gradebook",
    "/instructor/people",
  ];
  const rows: { page: string; median: number; slowest: number; kb: number }[] = [];
  const measure = async (page: string, as: string, label = page) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= rounds; i++) {
      const start = performance.now();
      const response = await fetch(BASE + page, { headers: { cookie: as }, redirect: "manual" });
      bytes = (await response.text()).length;
      if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
      if (i > 0) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows.push({ page: label, median: times[Math.floor(times.length / 2)]!, slowest: times.at(-1)!, kb: bytes / 1024 });
  };
  for (const page of pages) await measure(page, cookie);
  // One class of `classSize` learners among `classCount`: what its instructor sees, and an admin who picked it.
  const classPages = [
    "/instructor",
    "/instructor/learners",
    "/instructor/learners/bench-learner-0",
    "/instructor/submissions",
    `/instructor/exercises/${seeded.sampleExercise}`,
    "/instructor/exercises",
    "/instructor/quizzes",
    `/instructor/quizzes/${seeded.sampleLesson}`,
    "/instructor/labs",
  ];
  for (const page of classPages) await measure(page, instructorCookie, `${page} (instructor of one class)`);
  for (const page of ["/instructor", "/instructor/learners", "/instructor/submissions", "/instructor/quizzes"]) {
    const picked = `${page}?class=bench-class-0`;
    await measure(picked, cookie, `${picked} (admin)`);
  }
  console.error(`classes: ${classCount} of ${classSize} learners; the instructor teaches bench-class-0`);
  const exports = ["/api/instructor/gradebook", "/api/instructor/gradebook.csv"];
  for (const url of exports) {
    const start = performance.now();
    const response = await fetch(BASE + url, { headers: { cookie } });
    const body = await response.text();
    console.error(
      `${url}: HTTP ${response.status}, ${(body.length / 1024).toFixed(0)} kB ` +
        `in ${(performance.now() - start).toFixed(0)} ms`,
    );
  }

  console.log(
    `| page (${size.learners} learners, ${size.submissions} submissions) | median (ms) | slowest (ms) | HTML (kB) |`,
  );
  console.log("|---|---|---|---|");
  for (const r of rows) {
    console.log(`| \`${r.page}\` | ${r.median.toFixed(0)} | ${r.slowest.toFixed(0)} | ${r.kb.toFixed(0)} |`);
  }
  const over = rows.filter((r) => r.median > GOAL_MS);
  console.log(
    over.length ? `\nOver ${GOAL_MS} ms: ${over.map((r) => r.page).join(", ")}` : `\nEvery page under ${GOAL_MS} ms.`,
  );
  process.exitCode = over.length ? 1 : 0;
} finally {
  await platform.stop();
}

/** The seeded learners in `count` classes of equal size (the first `size` in bench-class-0, and so on). */
async function seedClasses(client: pg.Client, learners: number, count: number): Promise<number> {
  const size = Math.ceil(learners / count);
  await client.query(
    `INSERT INTO class (id, name, term)
     SELECT 'bench-class-' || k, 'Class ' || k, 'Bench' FROM generate_series(0, $1 - 1) k`,
    [count],
  );
  await client.query(
    `INSERT INTO class_member ("classId", "userId", role, source)
     SELECT 'bench-class-' || (n / $2), 'bench-learner-' || n, 'learner', 'code' FROM generate_series(0, $1 - 1) n`,
    [learners, size],
  );
  return size;
}

/** An instructor account signed up through the app, teaching one class. */
async function signUpInstructor(client: pg.Client, classId: string): Promise<string> {
  const email = "bench-instructor@bench.example";
  const cookie = await platform.signUp(email, "Bench Instructor");
  await client.query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
  await client.query(
    `INSERT INTO class_member ("classId", "userId", role, source)
     SELECT $1, id, 'instructor', 'staff' FROM "user" WHERE email = $2`,
    [classId, email],
  );
  return cookie;
}

/** An account signed up through the app (so the password is hashed as for anyone), made an admin. */
async function signUpAdmin(client: pg.Client): Promise<string> {
  const email = "bench-admin@bench.example";
  const cookie = await platform.signUp(email, "Bench Admin");
  await client.query(`UPDATE "user" SET role = 'admin' WHERE email = $1`, [email]);
  return cookie;
}
