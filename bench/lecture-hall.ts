/**
 * `BENCH_URL=http://localhost:3000 node --import tsx bench/lecture-hall.ts [learners=200] [at once=20]`:
 * a lecture hall behind one campus address. `learners` new accounts sign up and then sign in against a running
 * production server (`npm start`), `at once` at a time, all from this machine's one address; every tenth learner
 * mistypes the password twice first (40 typos from the one address for 200). Counts the refusals (the goal: none but
 * the typos' 401s, within 5 minutes) and the answers' times; then guesses one account's password until the account's
 * own limit stops it (the goal: the sixth try is refused, while a classmate still signs in).
 */
import { performance } from "node:perf_hooks";

const base = process.env.BENCH_URL ?? "http://localhost:3000";
const learners = Number(process.argv[2] ?? 200);
const atOnce = Number(process.argv[3] ?? 20);
const run = Date.now().toString(36);

const times: number[] = [];
const refusals: Record<string, number> = {};

async function post(endpoint: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${base}/api/auth/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  await response.arrayBuffer();
  times.push(performance.now() - started);
  if (response.status !== 200)
    refusals[`${endpoint} ${response.status}`] = (refusals[`${endpoint} ${response.status}`] ?? 0) + 1;
  return response.status;
}

const started = performance.now();
let next = 0;
let typos = 0;
await Promise.all(
  Array.from({ length: atOnce }, async () => {
    for (let i = next++; i < learners; i = next++) {
      const email = `hall-${run}-${i}@example.test`;
      await post("sign-up/email", { name: `Learner ${i}`, email, password: "a lecture hall password" });
      if (i % 10 === 0) {
        typos += 2;
        await post("sign-in/email", { email, password: "a lecture hal password" });
        await post("sign-in/email", { email, password: "A lecture hall password" });
      }
      await post("sign-in/email", { email, password: "a lecture hall password" });
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const sorted = [...times].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
console.log(
  `${learners} sign-ups and ${learners} sign-ins (${typos} typos first), ${atOnce} at a time, ` +
    `in ${seconds.toFixed(1)} s`,
);
console.log(`answers: median ${at(0.5)} ms, p95 ${at(0.95)} ms, slowest ${at(1)} ms`);
const typoAnswers = refusals["sign-in/email 401"] ?? 0;
delete refusals["sign-in/email 401"];
console.log(`typos answered 401 (wrong password): ${typoAnswers} of ${typos}`);
console.log(`refused: ${Object.keys(refusals).length === 0 ? "none" : JSON.stringify(refusals)}`);

const guesses: number[] = [];
for (let i = 0; i < 7; i++) {
  guesses.push(await post("sign-in/email", { email: `hall-${run}-0@example.test`, password: `guess ${i}` }));
}
const classmate = await post("sign-in/email", {
  email: `hall-${run}-1@example.test`,
  password: "a lecture hall password",
});
console.log(`seven guesses at one account: ${guesses.join(" ")}; a classmate meanwhile: ${classmate}`);
