/**
 * Kept labs on loopback: a learner's lab with some work in it (a file, a volume, a built image) closed, and so kept,
 * then started again, which resumes it. Measures how long the close takes to keep it (close request → `closed`),
 * how long a resume takes to the shell's prompt (`POST /api/sessions` → prompt on the event stream, the same
 * measure as a new lab's start in lab-session.ts), and the disk one kept lab costs (the learner's kept labs, as
 * `/api/me/kept-labs` reports them). The production web server and one runner with labs on run in the benchmark's
 * process. Needs root, `npx next build`, the engine and scripts/labs/ensure-lab-host.sh.
 *
 *   node --import tsx bench/kept-lab.ts [rounds=6]
 *
 * Goals (issue 36): resume to prompt p95 ≤ 10 s, as a new lab's start; keeping a closed lab p95 ≤ 30 s. Exits 1
 * when one is missed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startRunner } from "../sandbox-runner/runner";
import { startBenchServer } from "./bench-server";
import { followEvents } from "./follow-events";
import { percentile } from "./percentile";

const rounds = Math.max(2, Number(process.argv[2] ?? 6));
const LAB = "connect-services-on-networks";
const PROMPT = "lab:~#";

const server = await startBenchServer({ port: 3392, pgPort: 54392, dataDir: ".data/bench-kept-pg" });
const runner = await startRunner({
  databaseUrl: server.databaseUrl,
  concurrency: 1,
  gpus: 0,
  id: "bench-kept",
  labs: "on",
});

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

try {
  await server.startWeb();
  const cookie = await server.signUp("kept-bench@example.test", "Kept Bench");
  const headers = { cookie, origin: server.base, "content-type": "application/json" };
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await fetch(server.base + url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
    return r.json().catch(() => null);
  };

  /** Starts the lab (resuming the kept one unless `fresh`), and times it to the prompt. */
  const start = async (fresh: boolean) => {
    const began = performance.now();
    const lab = (await call("POST", "/api/sessions", { kind: "lab", slug: LAB, cols: 120, rows: 40, fresh })) as {
      id: string;
    };
    let screen = "";
    let status = "queued";
    const follower = await followEvents(`${server.base}/api/sessions/${lab.id}/events`, cookie, ({ type, data }) => {
      if (type === "output") screen += data.text ?? "";
      if (type === "status") status = data.status ?? status;
    });
    await until("the prompt", () => screen.includes(PROMPT));
    return {
      ms: performance.now() - began,
      screen: () => screen,
      status: () => status,
      send: (data: string) => call("POST", `/api/sessions/${lab.id}/input`, { type: "input", data }),
      close: async () => {
        const closing = performance.now();
        await call("POST", `/api/sessions/${lab.id}/close`);
        await until("the lab to close", () => status === "closed");
        await follower.stop();
        return performance.now() - closing;
      },
    };
  };

  const toPrompt: number[] = [];
  const keeping: number[] = [];
  const bytes: number[] = [];
  // The first lab is new; each later round resumes what the one before kept, and adds to it.
  let lab = await start(true);
  for (let round = 0; round < rounds; round++) {
    const marker = `round-${round}-done`;
    await lab.send(
      `echo ${round} >> ~/rounds.txt && docker volume create v${round} >/dev/null && ` +
        `printf 'FROM python:3.11-slim\\nRUN echo ${round} > /round\\n' | ` +
        `docker build -q -t work:${round} - >/dev/null ` +
        `&& echo ${marker.replace("-done", "-d''one")}\r`,
    );
    await until("the work", () => lab.screen().includes(marker), 180_000);
    keeping.push(await lab.close());
    const kept = (await call("GET", "/api/me/kept-labs")) as { labs: { slug: string; bytes: number }[] };
    bytes.push(kept.labs.find((k) => k.slug === LAB)?.bytes ?? Number.NaN);
    lab = await start(false);
    if (!lab.screen().includes("resumed from your work")) throw new Error("the lab did not resume its kept work");
    toPrompt.push(lab.ms);
  }
  await lab.send("cat ~/rounds.txt | wc -l | sed 's/^/rounds kept: /'\r");
  await until("the rounds", () => new RegExp(`rounds kept: ${rounds}\\r\\n`).test(lab.screen()), 30_000);
  await lab.close();

  const line = (name: string, samples: number[], p95Goal: number) => {
    const [p50, p95] = [percentile(samples, 0.5) / 1000, percentile(samples, 0.95) / 1000];
    console.log(
      `${name} (${samples.length}): p50 ${p50.toFixed(2)} s, p95 ${p95.toFixed(2)} s, ` +
        `worst ${(Math.max(...samples) / 1000).toFixed(2)} s`,
    );
    if (p95 > p95Goal) process.exitCode = 1;
  };
  line("resume a kept lab → prompt", toPrompt, 10);
  line("close → kept (engine shut down, disk sealed and recorded)", keeping, 30);
  const mb = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MB`;
  console.log(`disk one kept lab costs: ${bytes.map(mb).join(", ")} (after rounds 1..${rounds})`);
} finally {
  await runner.stop();
  await server.stop();
}
