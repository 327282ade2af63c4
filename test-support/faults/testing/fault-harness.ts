import { type AddressInfo, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";

/**
 * What the fault tests share: a learner's files for the `first-image` exercise, and reading submissions back
 * while the parts under test recover. They wait for outcomes, never time them.
 */

const APP = { path: "app/main.py", content: 'print("prediction: hello from the model")\n' };
const PASSING_TAIL = 'COPY app/ /app/\nCMD ["python", "/app/main.py"]\n';

/** A Dockerfile that passes `first-image`, its build printing `tick-1` … `tick-<seconds>`, one a second. */
export function slowBuild(seconds: number) {
  const run = `RUN for i in $(seq 1 ${seconds}); do echo tick-$i; sleep 1; done\n`;
  return [{ path: "Dockerfile", content: `FROM python:3.11-slim\n${run}${PASSING_TAIL}` }, APP];
}

/**
 * slowBuild whose last step installs a package from the package mirror, as model-server's `pip install` does: a
 * build that only passes when its steps reach the mirror. `tag` keeps its steps from being cache hits.
 */
export function slowMirrorBuild(seconds: number, tag: string) {
  const run = `RUN for i in $(seq 1 ${seconds}); do echo tick-$i; sleep 1; done\n`;
  const pip = `RUN echo ${tag} && pip install --no-cache-dir starlette==0.26.1\n`;
  return [{ path: "Dockerfile", content: `FROM python:3.11-slim\n${run}${pip}${PASSING_TAIL}` }, APP];
}

/** A Dockerfile that passes `first-image` in a few seconds; `tag` keeps its build from being a cache hit. */
export function quickBuild(tag: string) {
  return [{ path: "Dockerfile", content: `FROM python:3.11-slim\nENV BUILD=${tag}\n${PASSING_TAIL}` }, APP];
}

/** Polls `check` until it answers other than undefined; errors (a database still starting) count as "not yet". */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`, { cause: last });
    await sleep(250);
  }
}

export interface StoredSubmission {
  id: string;
  status: string;
  errorMessage: string | null;
  log: string;
  events: { type: string; data: { status?: string; message?: string } }[];
}

export async function readSubmission(db: pg.Pool, id: string): Promise<StoredSubmission> {
  const row = (await db.query(`SELECT status, "errorMessage" FROM submission WHERE id = $1`, [id])).rows[0];
  const events = (await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1 ORDER BY id`, [id]))
    .rows;
  const log = events
    .filter((e) => e.type === "log")
    .map((e) => e.data.text)
    .join("");
  return { id, status: row.status, errorMessage: row.errorMessage, log, events };
}

const FINAL = ["passed", "failed", "error"];

/** Resolves once every submission is final. */
export function allFinal(db: pg.Pool, ids: string[], timeoutMs: number): Promise<StoredSubmission[]> {
  return waitFor(
    `submissions ${ids.join(", ")} to end`,
    async () => {
      const all = await Promise.all(ids.map((id) => readSubmission(db, id)));
      return all.every((s) => FINAL.includes(s.status)) ? all : undefined;
    },
    timeoutMs,
  );
}

/** The status events that closed a submission: exactly one when nothing was graded twice. */
export function finalStatusEvents(submission: StoredSubmission) {
  return submission.events.filter((e) => e.type === "status" && FINAL.includes(e.data.status ?? ""));
}

/** A TCP port nothing listens on right now, for a PostgreSQL of the test's own. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
