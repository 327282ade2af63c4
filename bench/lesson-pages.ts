/**
 * `BENCH_URL=http://localhost:3000 node --import tsx bench/lesson-pages.ts [rounds]`:
 * requests every lesson page of a running production server (`npm start`)
 * `rounds` times and reports the first request (on a fresh data directory
 * that includes compiling the lesson, unless the content build already
 * cached it) and the median of the rest.
 */
import { loadCourse } from "../lib/content/load-course";

const base = process.env.BENCH_URL ?? "http://localhost:3000";
const rounds = Math.max(2, Number(process.argv[2] ?? 5));

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const rows: { slug: string; cold: number; median: number; bytes: number }[] = [];
for (const lesson of (await loadCourse()).lessons) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(`${base}/lessons/${lesson.slug}`, { signal: AbortSignal.timeout(60_000) });
    bytes = (await response.text()).length;
    if (!response.ok) throw new Error(`${lesson.slug}: HTTP ${response.status}`);
    times.push(ms(start));
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  process.stderr.write(`${lesson.slug}: ${times.map((t) => t.toFixed(0)).join(" ")} ms\n`);
  rows.push({ slug: lesson.slug, cold: times[0]!, median: warm[Math.floor(warm.length / 2)]!, bytes });
}

console.log("| lesson | first request (ms) | median of the rest (ms) | HTML (kB) |\n|---|---|---|---|");
for (const r of rows)
  console.log(`| ${r.slug} | ${r.cold.toFixed(0)} | ${r.median.toFixed(0)} | ${(r.bytes / 1024).toFixed(0)} |`);
const worst = Math.max(...rows.map((r) => r.cold));
const medians = rows.map((r) => r.median).sort((a, b) => a - b);
console.log(
  `\n${rows.length} lessons: slowest first request ${worst.toFixed(0)} ms, ` +
    `median warm request ${medians[Math.floor(medians.length / 2)]!.toFixed(0)} ms`,
);
