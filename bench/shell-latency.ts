/**
 * Keystroke echo latency of a learner's shell, the whole way a key travels on loopback: the browser's POST to the
 * production web server, the NOTIFY to the runner, the container's TTY, the output row and its NOTIFY, and the
 * Server-Sent Events stream back to the browser. Needs `npx next build` and the engine
 * (`source scripts/engine/engine-env.sh`).
 *
 *   node --import tsx bench/shell-latency.ts [keystrokes=200]
 *
 * Prints p50, p95 and the worst echo; exits 1 when p95 is over the 100 ms goal. The kept image is a local base
 * image tagged as a graded submission's (grading one first would only add half a minute before the measurement).
 */
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { engineClient } from "../sandbox-runner/docker/engine";
import { startRunner } from "../sandbox-runner/runner";
import { startBenchServer } from "./bench-server";
import { followEvents } from "./follow-events";

const keystrokes = Math.max(20, Number(process.argv[2] ?? 200));
const GOAL_P95_MS = 100;
const TAG = "dockyard-bench-shell:latest";

const docker = engineClient();
await docker.getImage("python:3.11-slim").tag({ repo: "dockyard-bench-shell", tag: "latest" });
const engineId = ((await docker.info()) as { ID: string }).ID;

const server = await startBenchServer({ port: 3390, pgPort: 54390, dataDir: ".data/bench-shell-pg" });
const db = new pg.Pool({ connectionString: server.databaseUrl });
const runner = await startRunner({ databaseUrl: server.databaseUrl, concurrency: 1, gpus: 0, id: "bench-shell" });
try {
  await server.startWeb();
  const cookie = await server.signUp("shell-bench@example.test", "Shell Bench");
  const headers = { cookie, origin: server.base, "content-type": "application/json" };
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "user" WHERE email = 'shell-bench@example.test'`);
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
     VALUES ('bench-sub', $1, 'first-image', '[]', 'failed')`,
    [rows[0]!.id],
  );
  await db.query(
    `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
     VALUES ('bench-sub', $1, $2, now() + interval '30 minutes')`,
    [engineId, TAG],
  );

  const opened = await fetch(`${server.base}/api/sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ kind: "shell", submissionId: "bench-sub", cols: 120, rows: 40 }),
  });
  if (!opened.ok) throw new Error(`opening the shell failed: HTTP ${opened.status} ${await opened.text()}`);
  const { id } = (await opened.json()) as { id: string };

  // The SSE stream, read as the browser reads it: every output event's text appended to one screen.
  let screen = "";
  let status = "queued";
  const events = await followEvents(`${server.base}/api/sessions/${id}/events`, cookie, ({ type, data }) => {
    if (type === "output") screen += data.text;
    if (type === "status") status = data.status ?? status;
  });
  const until = async (what: string, ok: () => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (events.failed())
        throw new Error(`the event stream failed while waiting for ${what}`, { cause: events.failed() });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (status ${status})`);
      await sleep(1);
    }
  };
  await until("the shell to open", () => status === "open");
  const send = (data: string) =>
    fetch(`${server.base}/api/sessions/${id}/input`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "input", data }),
    }).then((r) => {
      if (!r.ok) throw new Error(`input refused: HTTP ${r.status}`);
    });
  // A prompt-free shell with echo on: every typed letter comes straight back from the TTY.
  await send("PS1=''; clear\r");
  await sleep(500);

  const samples: number[] = [];
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < keystrokes; i++) {
    const before = screen.length;
    const letter = letters[i % letters.length]!;
    const started = performance.now();
    await send(letter);
    await until("the echo", () => screen.slice(before).includes(letter), 5_000);
    samples.push(performance.now() - started);
    // A line at a time, as a person types: the TTY's line buffer stays short.
    if (i % 40 === 39) {
      await send("\u0015");
      await sleep(20);
    }
  }
  await fetch(`${server.base}/api/sessions/${id}`, { method: "DELETE", headers });
  await until("the shell to close", () => status === "closed");
  await events.stop();

  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const p50 = at(0.5);
  const p95 = at(0.95);
  console.log(
    `keystroke echo over ${samples.length} keys: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ` +
      `worst ${samples.at(-1)!.toFixed(1)} ms (goal p95 < ${GOAL_P95_MS} ms)`,
  );
  if (p95 >= GOAL_P95_MS) process.exitCode = 1;
} finally {
  await runner.stop();
  await db.end();
  await server.stop();
  await docker
    .getImage(TAG)
    .remove()
    .catch(() => {});
}
