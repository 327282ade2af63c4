import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";

// A second web instance beside the one the suite started, on the same database: what a load balancer in front of
// several instances does is send consecutive requests of one learner to different ones.
const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const SECOND_PORT = 3109;
const second = `http://localhost:${SECOND_PORT}`;
const DOCKERFILE =
  "FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nRUN python -m compileall -q app\n" +
  'CMD ["python", "app/main.py"]\n';

let browser: Browser;
let instance: ChildProcess;

beforeAll(async () => {
  browser = await launchChromium();
  instance = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/web-server.ts")], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(SECOND_PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      // One public address for both, as behind a load balancer: the same APP_URL and the same signing secret.
      APP_URL: baseUrl,
      BETTER_AUTH_SECRET: readFileSync(path.join(root, ".data/e2e/auth-secret"), "utf8").trim(),
      DATA_DIR: path.join(root, ".data/e2e"),
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${second}/api/health`).then(
        () => true,
        () => false,
      )
    )
      return;
    await sleep(500);
  }
  throw new Error("the second web instance did not start");
});

afterAll(async () => {
  await browser?.close();
  if (instance?.pid && instance.exitCode === null) {
    process.kill(-instance.pid, "SIGTERM");
    await once(instance, "exit");
  }
});

describe("two web instances on one database", () => {
  it("share sessions, submissions and their live event stream", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await signUp(page, "Lin Balanced");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

    // Signed in on the first instance, known on the second.
    const me = await (await fetch(`${second}/api/me`, { headers: { cookie } })).json();
    expect(me.user).toMatchObject({ name: "Lin Balanced", role: "learner" });

    // Submitted through the second instance...
    const submitted = await fetch(`${second}/api/submissions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ exercise: "first-image", files: [{ path: "Dockerfile", content: DOCKERFILE }] }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };

    // ...followed live on the first, to the end: the stream sees the runner's events whichever instance queued it.
    const stream = await fetch(`${baseUrl}/api/submissions/${id}/events`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: AbortSignal.timeout(180_000),
    });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const events = await stream.text();
    expect(events).toMatch(/"status":"running"/);
    expect(events).toMatch(/"status":"passed"/);

    // And the second instance serves the stored outcome of the same submission.
    const again = await fetch(`${second}/api/submissions/${id}/events`, { headers: { cookie } });
    expect(await again.text()).toMatch(/"status":"passed"/);
    await page.close();
  });
});
