import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chown, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labSpecSchema } from "../../lib/labs/lab-schema";
import { insertUsers } from "../../test-support/db/insert-users";
import { ensureBaseImages } from "../images/seed-base-images";
import { type LabAccount, LabAccountPool, listLabAccounts } from "./lab-accounts";
import { startLabHost } from "./lab-host";
import { type Lab as CourseLab, loadLab } from "./lib";
import { createLabHarness, IMAGE_CACHE, type LabHarness } from "./testing/lab-host-harness";
import { ENGINE_DIR } from "./testing/lab-testing";

// Kept labs end to end on a real lab host: a lab's work (files, a volume, an image, a stopped container) kept at its
// close and found again at the next start, under its own account or another one; never given to another learner;
// kept by the next life of a runner that was killed, its session resumed there.
const run = promisify(execFile);
const HOST_PROCESS = fileURLToPath(new URL("./testing/lab-host-process.ts", import.meta.url));
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../scripts/labs/ensure-lab-host.sh", import.meta.url));

let harness: LabHarness;
let keptDir: string;
let accounts: LabAccount[];
/** A host file owned by the first account's id, outside every lab: a link to it in a lab must never be followed. */
let canary: string;

type Lab = Awaited<ReturnType<LabHarness["request"]>>;

/**
 * A lab of this test's own, whose tasks a seal could give for free: a container the seal stops (SIGTERM, then a
 * kill) looks killed, with exit code 137, and one that ignored nothing looks stopped.
 */
const PLATFORM_LAB: CourseLab = {
  slug: "kept-platform-actions",
  dir: "/nonexistent",
  files: [],
  spec: labSpecSchema.parse({
    title: "Platform actions",
    summary: "A lab whose tasks only the learner's own actions may turn green.",
    lesson: "debugging-containers",
    minutes: 5,
    goal: "Make a volume, then kill a container and stop another.",
    tasks: [
      {
        id: "volume",
        title: "Make a volume",
        goal: "Create the volume notes.",
        checks: [{ kind: "volume", name: "notes" }],
        solution: "docker volume create notes",
      },
      {
        id: "kill",
        title: "Kill the sleeper",
        goal: "Kill the container sleeper.",
        checks: [{ kind: "container", name: "sleeper", state: "exited", exitCode: 137, endedBy: "kill" }],
        solution: "docker kill sleeper",
      },
      {
        id: "stop",
        title: "Stop the server",
        goal: "Stop the container server.",
        checks: [{ kind: "container", name: "server", state: "exited", endedBy: "stop" }],
        solution: "docker stop server",
      },
    ],
  }),
};

/** The lab's task events: the latest standing of each task. */
async function taskStanding(lab: Lab): Promise<Record<string, { done: boolean; found: string }>> {
  const standing: Record<string, { done: boolean; found: string }> = {};
  for (const e of await lab.events())
    if (e.type === "task") {
      const data = e.data as { id: string; done: boolean; found: string };
      standing[data.id] = { done: data.done, found: data.found };
    }
  return standing;
}

/** What the terminal printed for `command`, up to `done` (the echoed command itself never matches it). */
async function shell(lab: Lab, command: string, done: RegExp, timeout = 90_000): Promise<string> {
  const before = (await lab.output()).length;
  await lab.send(`${command}\r`);
  const since = async () => (await lab.output()).slice(before);
  await expect.poll(since, { timeout, interval: 100 }).toMatch(done);
  return since();
}

/** Printed by `echo DO""NE`, whose echo in the terminal reads otherwise. */
const DONE = /DONE\r\n/;

async function keptRows() {
  const { rows } = await harness.db.query<{ id: string; userId: string; account: string; sessionId: string | null }>(
    `SELECT id, "userId", account, "sessionId" FROM kept_lab ORDER BY "userId"`,
  );
  return rows;
}

beforeAll(async () => {
  await run("bash", [ENSURE_LAB_HOST]);
  await ensureBaseImages();
  // Two accounts of the machine's own for this file (the other lab files take the first free ones): one to keep
  // under, one to resume under while a test holds the first.
  const all = await listLabAccounts();
  accounts = all.slice(-3, -1);
  keptDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-kept-"));
  canary = path.join(await mkdtemp(path.join(os.tmpdir(), "dockyard-canary-")), "host-file");
  await writeFile(canary, "the host's\n");
  await chown(canary, accounts[0]!.uid, accounts[0]!.gid);
  harness = await createLabHarness(
    "kept",
    { warmPool: 0 },
    {
      keptDir,
      accounts: () => accounts,
      loadLab: async (slug) => (slug === PLATFORM_LAB.slug ? PLATFORM_LAB : loadLab(slug).catch(() => undefined)),
    },
  );
}, 300_000);

afterAll(async () => {
  await harness?.close();
  if (keptDir) await rm(keptDir, { recursive: true, force: true });
  if (canary) await rm(path.dirname(canary), { recursive: true, force: true });
}, 120_000);

describe("a kept lab", () => {
  it("keeps files, a volume, an image and a container at its close, root's alone", async () => {
    const lab = await harness.request();
    await lab.waitForStatus("open");
    await lab.waitFor(/lab:~# $/);
    await shell(
      lab,
      "echo kept-notes > ~/notes.txt && docker volume create data >/dev/null && " +
        "docker run --rm -v data:/d python:3.11-slim sh -c 'echo in-volume > /d/f' && " +
        "docker tag python:3.11-slim mine:1 && docker create --name sleeper python:3.11-slim sleep 9 >/dev/null && " +
        `ln -s ${canary} ~/escape && echo DO""NE`,
      DONE,
    );
    await lab.close();
    const closed = await lab.waitForStatus("closed");
    expect(closed.closeReason).toMatch(/^You closed this lab\. Your work in it is kept until \d+ \w+ \d{4} \(/);
    const [row] = await keptRows();
    expect(row).toMatchObject({ userId: "learner", account: lab.opened().user, sessionId: null });
    expect(await readdir(keptDir)).toEqual([`${row!.id}.img`]);
    expect((await stat(keptDir)).mode & 0o777).toBe(0o700);
    const disk = await stat(path.join(keptDir, `${row!.id}.img`));
    expect([disk.uid, disk.mode & 0o777]).toEqual([0, 0o600]);
    // A lab account (what every lab runs as) cannot read it.
    const other = await run("runuser", ["-u", accounts[1]!.user, "--", "cat", path.join(keptDir, `${row!.id}.img`)], {
      encoding: "utf8",
    }).catch((err: { stderr: string }) => err.stderr);
    expect(other).toMatch(/Permission denied/);
  }, 240_000);

  it("resumes at the next start as it was, its containers stopped", async () => {
    const lab = await harness.request();
    await lab.waitForStatus("open");
    await lab.waitFor(/resumed from your work kept on \d+ \w+ \d{4}\. Files/);
    const first = await lab.waitFor(/lab:~# $/);
    // Said before bash's first prompt: the learner types under a prompt, not under the note.
    expect(first.slice(0, first.indexOf("[dockyard: this lab resumed"))).not.toContain("lab:~#");
    expect(harness.lines.join("\n")).toContain(`lab ${lab.sessionId}: open on engine`);
    const out = await shell(
      lab,
      "cat ~/notes.txt; docker run --rm -v data:/d python:3.11-slim cat /d/f; " +
        "docker image ls mine --format 'image {{.Repository}}:{{.Tag}}'; " +
        "docker ps -a --filter name=sleeper --format 'container {{.Names}} {{.State}}'; echo DO\"\"NE",
      DONE,
    );
    expect(out).toContain("kept-notes\r\n");
    expect(out).toContain("in-volume\r\n");
    expect(out).toContain("image mine:1\r\n");
    expect(out).toMatch(/container sleeper (created|exited)\r\n/);
    expect((await keptRows())[0]?.sessionId).toBe(lab.sessionId);
    await lab.close();
    await lab.waitForStatus("closed");
  }, 240_000);

  it("resumes under another account when its own is busy, never following the lab's links out", async () => {
    const [row] = await keptRows();
    // The account it was kept under runs another lab now (held through the host's locks, as a runner holds it).
    const busy = new LabAccountPool(accounts);
    const held = await busy.take((a) => a.user === row!.account);
    expect(held).toBeDefined();
    try {
      const lab = await harness.request();
      await lab.waitForStatus("open");
      await lab.waitFor(/lab:~# $/);
      expect(lab.opened().user).not.toBe(row!.account);
      expect(harness.lines.join("\n")).toContain("resumed from kept work kept under another account");
      const out = await shell(
        lab,
        "echo more >> ~/notes.txt && cat ~/notes.txt && docker run --rm -v data:/d python:3.11-slim cat /d/f; " +
          "docker run --rm python:3.11-slim python3 -c 'print(6*7)'; stat -c 'link %U' ~/escape; echo DO\"\"NE",
        DONE,
      );
      expect(out).toContain("kept-notes\r\nmore\r\n");
      expect(out).toContain("in-volume\r\n");
      expect(out).toContain("\r\n42\r\n");
      // The link itself changed hands (it is the lab's); the host file it names did not.
      expect(out).toContain("link root\r\n");
      const host = await stat(canary);
      expect([host.uid, host.gid]).toEqual([accounts[0]!.uid, accounts[0]!.gid]);
      await lab.close();
      await lab.waitForStatus("closed");
    } finally {
      if (held) await busy.give(held);
    }
  }, 240_000);

  it("is never another learner's, and starting over forgets it", async () => {
    const theirs = await harness.request(undefined, { userId: "other" });
    await theirs.waitForStatus("open");
    await theirs.waitFor(/lab:~# $/);
    const out = await shell(theirs, 'cat ~/notes.txt; docker image ls -q mine | wc -l; echo DO""NE', DONE);
    expect(out).toContain("No such file or directory");
    expect(out).toContain("\r\n0\r\n");
    await theirs.close();
    await theirs.waitForStatus("closed");
    // The other learner's lab was kept for them, beside the first learner's.
    expect((await keptRows()).map((r) => r.userId)).toEqual(["learner", "other"]);

    const fresh = await harness.request(undefined, { fresh: true });
    await fresh.waitForStatus("open");
    await fresh.waitFor(/lab:~# $/);
    const anew = await shell(fresh, 'cat ~/notes.txt; echo DO""NE', DONE);
    expect(anew).toContain("No such file or directory");
    expect((await keptRows()).map((r) => r.userId)).toEqual(["other"]);
    await fresh.close();
    await fresh.waitForStatus("closed");
  }, 300_000);
});

describe("a kept lab and the platform's own actions", () => {
  beforeAll(async () => {
    // A learner of this describe's own: the kept rows the tests above count stay theirs.
    await insertUsers(harness.db, [{ id: "sealer" }]);
  });

  it("counts nothing the seal did: what it stopped is not the learner's kill or stop; done stays done", async () => {
    const first = await harness.request(undefined, { userId: "sealer", lab: PLATFORM_LAB.slug });
    await first.waitForStatus("open");
    await first.waitFor(/lab:~# $/);
    await shell(first, 'docker volume create notes >/dev/null && echo DO""NE', DONE);
    await expect.poll(async () => (await taskStanding(first)).volume?.done, { timeout: 30_000 }).toBe(true);
    // sleep as PID 1 ignores SIGTERM: the seal's stop ends it with a kill (137); python's server exits on SIGTERM.
    await shell(
      first,
      "docker run -d --name sleeper python:3.11-slim sleep 600 >/dev/null && " +
        'docker run -d --name server python:3.11-slim python -m http.server >/dev/null && echo DO""NE',
      DONE,
    );
    await first.close();
    await first.waitForStatus("closed");

    const resumed = await harness.request(undefined, { userId: "sealer", lab: PLATFORM_LAB.slug });
    await resumed.waitForStatus("open");
    await resumed.waitFor(/lab:~# $/);
    const states = await shell(resumed, "docker ps -a --format '{{.Names}} {{.Status}}' | sort; echo DO\"\"NE", DONE);
    expect(states).toMatch(/sleeper Exited \(137\)/);
    // Read well past the hold and a few of the watcher's polls: nothing turns green, the done task stays done.
    await new Promise((r) => setTimeout(r, 8000));
    const after = await taskStanding(resumed);
    expect(after.volume?.done).toBe(true);
    expect(after.kill).toMatchObject({ done: false, found: expect.stringContaining("stopped when your lab was kept") });
    expect(after.stop).toMatchObject({ done: false, found: expect.stringContaining("stopped when your lab was kept") });
    // What the learner does next counts.
    await shell(resumed, 'docker start sleeper >/dev/null && docker kill sleeper >/dev/null && echo DO""NE', DONE);
    await expect.poll(async () => (await taskStanding(resumed)).kill?.done, { timeout: 30_000 }).toBe(true);
    expect((await taskStanding(resumed)).stop?.done).toBe(false);
    await resumed.close();
    await resumed.waitForStatus("closed");
  }, 300_000);
});

describe("a runner killed while it serves a lab", () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("has its lab kept by the next runner, and the same session resumes there", async () => {
    // A lab host in a process of its own, sharing the database and the kept folder, with the harness's accounts.
    const labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-dying-"));
    const runnerId = `runner-dying-${randomUUID().slice(0, 8)}`;
    await harness.db.query(
      `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt")
       VALUES ($1, 'h', 1, 0, '{grade-cpu}', 'running', now())`,
      [runnerId],
    );
    const config = { url: harness.url, runnerId, labsDir, keptDir, accounts: accounts.map((a) => a.user) };
    child = spawn(process.execPath, ["--import", "tsx", HOST_PROCESS, JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let log = "";
    child.stdout!.on("data", (c: Buffer) => {
      log += c.toString();
    });
    await expect.poll(() => log, { timeout: 60_000, interval: 100 }).toContain("ready\n");
    // The harness's own host must not claim it: it is stopped, as one runner of two would be away.
    await harness.host.stop();
    const lab = harness.labHandle(
      (
        await harness.db.query<{ id: string }>(
          `INSERT INTO sandbox_session (id, kind, "userId", "labSlug") VALUES (gen_random_uuid()::text, 'lab',
           'learner', 'connect-services-on-networks') RETURNING id`,
        )
      ).rows[0]!.id,
    );
    await harness.control({ kind: "request", sessionId: lab.sessionId, sessionKind: "lab" });
    await lab.waitForStatus("open");
    await lab.waitFor(/lab:~# $/);
    await shell(lab, 'echo before-the-crash > ~/crash.txt && echo DO""NE', DONE);
    child.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));

    // The next runner: a new host on the same database and kept folder takes over what the dead one left, as a
    // runner does with a dead runner's folder.
    const lines: string[] = [];
    const next = await startLabHost({
      databaseUrl: harness.url,
      db: harness.db,
      runnerId: `runner-next-${randomUUID().slice(0, 8)}`,
      host: { labsDir: await mkdtemp(path.join(os.tmpdir(), "dockyard-next-")), engineDir: ENGINE_DIR },
      imageCacheDir: IMAGE_CACHE,
      keptDir,
      accounts: new LabAccountPool(accounts),
      accountCount: accounts.length,
      limits: { warmPool: 0 },
      log: (line) => {
        lines.push(line);
        console.log(`[lab-host next] ${line}`);
      },
    });
    try {
      expect(await next.adoptLeftovers(labsDir)).toBe(1);
      expect(await readdir(labsDir)).toEqual([]);
      await expect
        .poll(
          async () =>
            (await lab.events())
              .filter((e) => e.type === "status")
              .map((e) => e.data.status)
              // A start says what the host is doing as it goes ("Loading the lab's images…"): one "starting" each.
              .filter((status, i, all) => status !== all[i - 1]),
          { timeout: 120_000, interval: 200 },
        )
        .toEqual(["starting", "open", "queued", "starting", "open"]);
      await lab.waitFor(/resumed from your work kept on \d+ \w+ \d{4}\. Files/);
      await lab.waitFor(/lab:~# $/);
      const out = await shell(lab, "cat ~/crash.txt", /before-the-crash\r\n.*lab:~# $/s);
      expect(out).toContain("before-the-crash");
      const queued = (await lab.events()).find((e) => e.type === "status" && e.data.status === "queued");
      expect(queued?.data).toMatchObject({
        message: expect.stringMatching(/^The lab machine restarted\. Your lab was kept/),
      });
      await lab.close();
      await lab.waitForStatus("closed");
    } finally {
      await next.stop();
      await rm(labsDir, { recursive: true, force: true });
    }
  }, 300_000);
});
