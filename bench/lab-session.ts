/**
 * A learner's lab the whole way on loopback: `POST /api/sessions` (the "Start lab" click) to the shell's prompt on the
 * page's event stream, keystroke echo through the lab's terminal, and a command that changes the lab engine's state
 * to the task's green `task` event. The production web server and one runner with labs on (its warm pool
 * included) run in the benchmark's process. Needs root, `npx next build`, the engine and
 * scripts/labs/ensure-lab-host.sh.
 *
 *   node --import tsx bench/lab-session.ts [starts=8] [keystrokes=100]
 *
 * Goals (issue 24): start to prompt p50 ≤ 3 s and p95 ≤ 10 s with the warm pool, echo p95 ≤ 50 ms, a state change
 * to a green task ≤ 3 s. Exits 1 when one is missed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startRunner } from "../sandbox-runner/runner";
import { startBenchServer } from "./bench-server";
import { followEvents } from "./follow-events";
import { percentile } from "./percentile";

const starts = Math.max(2, Number(process.argv[2] ?? 8));
const keystrokes = Math.max(20, Number(process.argv[3] ?? 100));
const LAB = "connect-services-on-networks";
/** The lab's shell prompt (the lab's /etc/bash.bashrc). */
const PROMPT = "lab:~#";
/** Long enough for the warm pool to have an engine ready again after the last lab took one. */
const REFILL_MS = 15_000;

const server = await startBenchServer({ port: 3391, pgPort: 54391, dataDir: ".data/bench-lab-pg" });
const runner = await startRunner({
  databaseUrl: server.databaseUrl,
  concurrency: 1,
  gpus: 0,
  id: "bench-lab",
  labs: "on",
});

interface Follower {
  screen: () => string;
  status: () => string;
  tasks: Map<string, boolean>;
  stop: () => Promise<void>;
}

/** The lab's SSE stream, read as the browser reads it. */
async function follow(id: string, cookie: string): Promise<Follower> {
  let screen = "";
  let status = "queued";
  const tasks = new Map<string, boolean>();
  const { stop } = await followEvents(`${server.base}/api/sessions/${id}/events`, cookie, ({ type, data }) => {
    if (type === "output") screen += data.text ?? "";
    if (type === "status") status = data.status ?? status;
    if (type === "task" && data.id) tasks.set(data.id, data.done === true);
  });
  return { screen: () => screen, status: () => status, tasks, stop };
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

try {
  await server.startWeb();
  const cookie = await server.signUp("lab-bench@example.test", "Lab Bench");
  const headers = { cookie, origin: server.base, "content-type": "application/json" };
  const post = async (url: string, body?: unknown) => {
    const r = await fetch(server.base + url, {
      method: "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
    return r.json().catch(() => null) as Promise<{ id: string } | null>;
  };

  const toPrompt: number[] = [];
  const echoes: number[] = [];
  const toGreen: number[] = [];
  for (let round = 0; round < starts; round++) {
    await sleep(REFILL_MS);
    const started = performance.now();
    // A new lab each round, as before labs were kept: starting over skips the kept one and takes a warm engine.
    const lab = await post("/api/sessions", { kind: "lab", slug: LAB, cols: 120, rows: 40, fresh: true });
    const follower = await follow(lab!.id, cookie);
    await until("the prompt", () => follower.screen().includes(PROMPT));
    toPrompt.push(performance.now() - started);
    const send = (data: string) => post(`/api/sessions/${lab!.id}/input`, { type: "input", data });

    if (round === 0) {
      // Echo: a letter at a time, as a person types, each timed until the TTY sends it back. Measured once the warm
      // pool has refilled: on 2 cores, loading a new engine's images competes with the terminal for the CPU.
      await sleep(REFILL_MS);
      await send("PS1=''; clear\r");
      await sleep(500);
      const letters = "abcdefghijklmnopqrstuvwxyz";
      for (let i = 0; i < keystrokes; i++) {
        const before = follower.screen().length;
        const letter = letters[i % letters.length]!;
        const sent = performance.now();
        await send(letter);
        await until("the echo", () => follower.screen().slice(before).includes(letter), 5_000);
        echoes.push(performance.now() - sent);
        if (i % 40 === 39) await send("\u0015");
      }
      await send("\u0015");
    }

    // The first task: the learner's command returns, and the task turns green on the page by itself.
    const typed = performance.now();
    await send("docker network create ml-net\r");
    await until("the task to turn green", () => follower.tasks.get("create-network") === true, 30_000);
    toGreen.push(performance.now() - typed);

    await post(`/api/sessions/${lab!.id}/close`);
    await until("the lab to close", () => follower.status() === "closed");
    await follower.stop();
  }

  const line = (name: string, samples: number[], unit: "ms" | "s", p50Goal?: number, p95Goal?: number) => {
    const scale = unit === "s" ? 1000 : 1;
    const [p50, p95] = [percentile(samples, 0.5) / scale, percentile(samples, 0.95) / scale];
    const digits = unit === "s" ? 2 : 1;
    console.log(
      `${name} (${samples.length}): p50 ${p50.toFixed(digits)} ${unit}, p95 ${p95.toFixed(digits)} ${unit}, ` +
        `worst ${(Math.max(...samples) / scale).toFixed(digits)} ${unit}`,
    );
    if ((p50Goal !== undefined && p50 > p50Goal) || (p95Goal !== undefined && p95 > p95Goal)) process.exitCode = 1;
  };
  line("start lab → prompt, warm pool", toPrompt, "s", 3, 10);
  line("keystroke echo", echoes, "ms", undefined, 50);
  line("state change → green task (command sent → task event)", toGreen, "s", undefined, 3);
} finally {
  await runner.stop();
  await server.stop();
}
