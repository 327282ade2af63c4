/**
 * Pages under load: `node --import tsx bench/page-throughput.ts [seconds=10]` after `npx next build`.
 *
 * Starts the production server (port 3106) on a PostgreSQL of its own (embedded, port 54362,
 * `.data/bench-pages-pg`), signs one learner up, then loads each URL below with autocannon from this process, one
 * after the other, for `seconds` each after a 2 s warm-up, at 50 concurrent connections. The yardstick is a static
 * file of the build (`/_next/static/…`) whose size is closest to the lesson page's HTML, served by the same server.
 * Exits 1 unless: the anonymous lesson serves at least 40 % of the static file's requests per second with a median
 * latency of at most 50 ms, and the signed-in lesson's median is at most twice the anonymous one's.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { startBenchServer } from "./bench-server";

const CONNECTIONS = 50;
const LESSON = "/lessons/containers-vs-vms";
const seconds = Math.max(3, Number(process.argv[2] ?? 10));

interface Target {
  label: string;
  path: string;
  method?: "GET" | "POST";
  cookie?: string;
}
interface Row {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  kb: number;
  non2xx: number;
}

const platform = await startBenchServer({ port: 3106, pgPort: 54362, dataDir: ".data/bench-pages-pg" });
try {
  await platform.startWeb();
  const cookie = await platform.signUp("bench-reader@bench.example", "Bench Reader");
  const lessonBytes = (await (await fetch(platform.base + LESSON)).arrayBuffer()).byteLength;
  const asset = closestStaticFile(lessonBytes);
  const targets: Target[] = [
    { label: `static file (${asset.name})`, path: asset.url },
    { label: `lesson ${LESSON}, anonymous`, path: LESSON },
    { label: `lesson ${LESSON}, signed in`, path: LESSON, cookie },
    { label: "home /, anonymous", path: "/" },
    { label: "GET /api/me, signed in (the lesson's per-learner part)", path: "/api/me", cookie },
    {
      label: "POST the lesson visit, signed in (records the view)",
      path: `/api/lessons/containers-vs-vms/visit`,
      method: "POST",
      cookie,
    },
  ];
  const rows: Row[] = [];
  for (const target of targets) {
    await load(target, 2);
    const result = await load(target, seconds);
    rows.push({
      label: target.label,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      kb: result.throughput.average / result.requests.average / 1024,
      non2xx: result.non2xx + result.errors,
    });
    console.error(`${target.label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms`);
  }

  console.log(
    `| URL (${CONNECTIONS} connections, ${seconds} s each) | requests/s | p50 (ms) | p99 (ms) | kB | errors |`,
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.kb.toFixed(1)} | ${r.non2xx} |`,
    );
  }
  const [file, anonymous, signedIn] = rows as [Row, Row, Row];
  const share = anonymous.requestsPerSecond / file.requestsPerSecond;
  const goals = [
    {
      ok: share >= 0.4,
      text: `anonymous lesson at ${(share * 100).toFixed(0)} % of the static file's requests/s (≥ 40 %)`,
    },
    { ok: anonymous.p50 <= 50, text: `anonymous lesson p50 ${anonymous.p50} ms (≤ 50 ms)` },
    {
      ok: signedIn.p50 <= 2 * Math.max(anonymous.p50, 1),
      text: `signed-in lesson p50 ${signedIn.p50} ms (≤ 2 × ${anonymous.p50} ms)`,
    },
    { ok: rows.every((r) => r.non2xx === 0), text: "no errors or non-2xx answers" },
  ];
  console.log("");
  for (const goal of goals) console.log(`${goal.ok ? "met" : "MISSED"}: ${goal.text}`);
  process.exitCode = goals.every((g) => g.ok) ? 0 : 1;
} finally {
  await platform.stop();
}

function load(target: Target, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: platform.base + target.path,
    method: target.method ?? "GET",
    headers: target.cookie ? { cookie: target.cookie, origin: platform.base } : {},
    connections: CONNECTIONS,
    duration,
  });
}

/** The build's own static file nearest in size to the page, so both answers carry about the same bytes. */
function closestStaticFile(bytes: number): { url: string; name: string } {
  const root = path.join(".next", "static");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => ({ f, size: statSync(path.join(root, f)).size }));
  const best = files.sort((a, b) => Math.abs(a.size - bytes) - Math.abs(b.size - bytes))[0];
  if (!best) throw new Error("no static files: run `npx next build` first");
  return { url: `/_next/static/${best.f}`, name: `${path.basename(best.f)}, ${(best.size / 1024).toFixed(0)} kB` };
}
