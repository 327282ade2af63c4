/**
 * The instructor pages at scale: `node --import tsx bench/instructor-pages.ts [rounds=10]` after `npx next build`.
 *
 * Starts a PostgreSQL of its own (embedded, port 54361, `.data/bench-instructor-pg`), recreates a database, applies
 * the migrations, seeds 1,000 learners and 20,000 submissions (`seed-instructor-data.ts`; BENCH_LEARNERS and
 * BENCH_SUBMISSIONS change that), starts the production server on port 3105 against it, signs up an account and
 * makes it an admin, then requests every instructor page `rounds` times after one warm-up request each. Prints the
 * median and the slowest time per page, server side included (the whole response, as a browser waits for it), and
 * exits 1 when a page's median is over the 300 ms goal.
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

  await platform.startWeb();
  const cookie = await signUpAdmin(client);
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
  for (const page of pages) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= rounds; i++) {
      const start = performance.now();
      const response = await fetch(BASE + page, { headers: { cookie }, redirect: "manual" });
      bytes = (await response.text()).length;
      if (response.status !== 200) throw new Error(`${page}: HTTP ${response.status}`);
      if (i > 0) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows.push({ page, median: times[Math.floor(times.length / 2)]!, slowest: times.at(-1)!, kb: bytes / 1024 });
  }
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

/** An account signed up through the app (so the password is hashed as for anyone), made an admin. */
async function signUpAdmin(client: pg.Client): Promise<string> {
  const email = "bench-admin@bench.example";
  const cookie = await platform.signUp(email, "Bench Admin");
  await client.query(`UPDATE "user" SET role = 'admin' WHERE email = $1`, [email]);
  return cookie;
}
