import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleCoursePolicy } from "../../lib/course-policy/testing/settle-course-policy";
import { ensureBaseImages } from "../images/seed-base-images";
import { createLabHarness, LAB, type LabHarness } from "./testing/lab-host-harness";

// Lab hosts serving real labs (rootless engines, terminals, task watchers) from a database of their own, driven as
// the web app drives them: a queued row and NOTIFYs. Times are printed, never asserted.
const run = promisify(execFile);
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../scripts/labs/ensure-lab-host.sh", import.meta.url));

type Harness = LabHarness;

/**
 * What is left on the host of an engine: processes whose command line names its folder (RootlessKit's state, the
 * sandbox's binds), the folder, and its cgroup. Not the account's processes: the account is free the moment the
 * lab is stopped, and another lab on the machine may start as it at once.
 */
async function leftOf(labsDir: string, engineId: string): Promise<string[]> {
  const dir = path.join(labsDir, engineId);
  const { stdout } = await run("ps", ["-eo", "pid=,args="]);
  const processes = stdout.split("\n").filter((line) => line.includes(dir) && !line.includes("ps -eo"));
  const files = existsSync(dir) ? [dir] : [];
  const cgroups = ["/sys/fs/cgroup/pids/dockyard-labs", "/sys/fs/cgroup/dockyard-labs"]
    .map((parent) => path.join(parent, engineId))
    .filter((cgroup) => existsSync(cgroup));
  return [...processes, ...files, ...cgroups];
}

let roomy: Harness;
let tight: Harness;

beforeAll(async () => {
  await run("bash", [ENSURE_LAB_HOST]);
  await ensureBaseImages();
  roomy = await createLabHarness("labhost", { warmPool: 1 });
  tight = await createLabHarness("labhost_tight", { warmPool: 0, idleSeconds: 3 });
}, 300_000);

afterAll(async () => {
  await roomy?.close();
  await tight?.close();
}, 120_000);

describe("a lab served to a learner", () => {
  let lab: ReturnType<Harness["request"]> extends Promise<infer H> ? H : never;

  beforeAll(async () => {
    // A warm engine first, so this lab shows the time a learner waits when one is ready.
    const deadline = Date.now() + 180_000;
    while (!roomy.lines.some((l) => /^warm lab engine \S+ ready/.test(l))) {
      if (Date.now() > deadline) throw new Error("no warm lab engine within 180 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    lab = await roomy.request({ cols: 90, rows: 33 });
  }, 200_000);

  it("opens at the requested size, with a prompt in /home/lab and the lab's files", async () => {
    await lab.waitForStatus("open");
    await lab.waitFor(/lab:~# $/);
    await lab.send("pwd; ls apps; stty size\r");
    const out = await lab.waitFor(/33 90\r\n/);
    expect(out).toContain("/home/lab\r\n");
    expect(out).toContain("features.py");
    expect(roomy.lines.join("\n")).toContain(`lab ${lab.sessionId}: claimed, on a warm engine`);
  });

  it("runs the learner's containers: python prints 42", async () => {
    await lab.send("docker run --rm python:3.11-slim python3 -c 'print(6*7)'\r");
    // After the echoed command, bash turns bracketed paste off and returns the cursor: "\e[?2004l\r42\r\n".
    await lab.waitFor(/\r42\r\n/);
  });

  it("turns a task green with a task event, which the web's course policy records as done", async () => {
    await lab.send("docker network create ml-net\r");
    await expect
      .poll(
        async () =>
          (await lab.events()).some(
            (e) => e.type === "task" && e.data.id === "create-network" && (e.data as { done: boolean }).done,
          ),
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    const done = async () =>
      (
        await roomy.db.query(
          `SELECT "taskId", "sessionId" FROM lab_task_done WHERE "userId" = 'learner' AND "labSlug" = $1`,
          [LAB],
        )
      ).rows;
    // The host reports; the credit is the web's to record.
    expect(await done()).toEqual([]);
    await settleCoursePolicy(roomy.db);
    expect(await done()).toEqual([{ taskId: "create-network", sessionId: lab.sessionId }]);
    // Every task was reported once at the start, undone.
    const first = (await lab.events()).filter((e) => e.type === "task" && e.data.id === "run-features");
    expect(first[0]?.data).toMatchObject({ done: false });
  });

  it("follows a resize", async () => {
    await lab.resize(120, 40);
    await expect
      .poll(
        async () => {
          await lab.send("stty size\r");
          return lab.output();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toContain("40 120\r\n");
  });

  it("answers a port preview from inside the lab", async () => {
    await lab.send(
      "docker run -d --name web -p 127.0.0.1:8080:8000 python:3.11-slim python3 -m http.server 8000 && echo started\r",
    );
    await lab.waitFor(/started\r\n/);
    let attempt = 0;
    await expect
      .poll(
        async () => {
          const requestId = `preview-${attempt++}`;
          await lab.preview(requestId, 8080, "/");
          await expect
            .poll(
              async () => (await lab.events()).some((e) => e.type === "preview" && e.data.requestId === requestId),
              {
                timeout: 20_000,
                interval: 100,
              },
            )
            .toBe(true);
          const answer = (await lab.events()).find((e) => e.type === "preview" && e.data.requestId === requestId);
          return answer?.data;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toMatchObject({ port: 8080, path: "/", status: 200, error: null });
  });

  it("reads what its engine holds into a help request when the learner asks for help", async () => {
    const { rows } = await roomy.db.query<{ id: string }>(
      `INSERT INTO help_request (id, "userId", kind, "itemSlug", "sessionId", question, snapshot)
       VALUES (gen_random_uuid()::text, 'learner', 'lab', $1, $2, 'why?', '{}'::jsonb) RETURNING id`,
      [LAB, lab.sessionId],
    );
    const helpId = rows[0]!.id;
    await roomy.control({ kind: "snapshot", sessionId: lab.sessionId, helpId });
    const engine = async () =>
      (await roomy.db.query(`SELECT snapshot->'engine' AS engine FROM help_request WHERE id = $1`, [helpId])).rows[0]
        ?.engine;
    // The host reports the engine as an event of its session; the web's course policy files it in the request.
    const filed = async () => {
      await settleCoursePolicy(roomy.db);
      return engine();
    };
    await expect.poll(filed, { timeout: 30_000, interval: 100 }).toMatchObject({ kind: "read" });
    const read = await engine();
    expect(read.containers).toContainEqual(
      expect.objectContaining({ name: "web", image: "python:3.11-slim", status: "running" }),
    );
    expect(read.containers.find((c: { name: string }) => c.name === "web").ports).toEqual(["127.0.0.1:8080->8000"]);
    expect(read.networks).toContain("ml-net");
    expect(read.images).toContain("python:3.11-slim");
  });

  it("opens a second terminal into the same engine, whose exit leaves the lab open", async () => {
    const tab = async () =>
      (await lab.events())
        .filter((e) => e.type === "output" && (e.data as { terminal?: number }).terminal === 1)
        .map((e) => (e.data as { text: string }).text)
        .join("");
    const type = (data: string) => roomy.control({ kind: "input", sessionId: lab.sessionId, data, terminal: 1 });
    await type("docker network ls --format 'tab sees {{.Name}}' | grep ml-net\r");
    await expect.poll(tab, { timeout: 30_000, interval: 100 }).toContain("tab sees ml-net\r\n");
    // The first terminal printed none of it.
    expect(await lab.output()).not.toContain("tab sees ml-net");
    await type("exit\r");
    await expect
      .poll(tab, { timeout: 30_000, interval: 100 })
      .toContain("the shell of terminal 2 ended; the lab goes on");
    expect((await lab.status()).status).toBe("open");
    // Opened again, it is a new shell.
    await type("echo again-$((6*7))\r");
    await expect.poll(tab, { timeout: 30_000, interval: 100 }).toContain("again-42\r\n");
  });

  it("closes at the learner's request, and leaves nothing of the engine on the host", async () => {
    const { engineId } = lab.opened();
    expect(engineId).toMatch(/^lab-/);
    expect(await readdir(roomy.labsDir)).toContain(engineId);
    expect(await leftOf(roomy.labsDir, engineId)).not.toEqual([]);
    await lab.close();
    const closed = await lab.waitForStatus("closed");
    expect(closed.closeReason).toMatch(/^You closed this lab\./);
    expect(await leftOf(roomy.labsDir, engineId)).toEqual([]);
    const statuses = (await lab.events()).filter((e) => e.type === "status").map((e) => e.data.status);
    expect(statuses).toEqual(["starting", "open", "closed"]);
  });

  it("closes when the learner types exit, and says so", async () => {
    const other = await roomy.request();
    await other.waitForStatus("open");
    await other.waitFor(/lab:~# $/);
    await other.send("exit\r");
    const closed = await other.waitForStatus("closed");
    expect(closed.closeReason).toMatch(/^The lab's shell ended \(exit code 0\)/);
    expect(await leftOf(roomy.labsDir, other.opened().engineId)).toEqual([]);
  });
});

describe("a lab's limits", () => {
  it("starts an engine of its own when none is warm, and closes after the idle time", async () => {
    const lab = await tight.request();
    await lab.waitForStatus("open");
    expect(tight.lines.join("\n")).toContain(`lab ${lab.sessionId}: claimed, starting an engine`);
    const closed = await lab.waitForStatus("closed", 60_000);
    expect(closed.closeReason).toContain("after 3 seconds without a keystroke");
    expect(await leftOf(tight.labsDir, lab.opened().engineId)).toEqual([]);
  });
});

describe("a lab host with sealed disks", () => {
  let seeded: Harness;
  let seedDir: string;

  beforeAll(async () => {
    seedDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-labhost-seeds-"));
    // One account of its own, the machine's last: the other files' labs take the first free ones.
    seeded = await createLabHarness("labhost_seeded", { warmPool: 0 }, { seedDir, accounts: (all) => all.slice(-1) });
  }, 120_000);

  afterAll(async () => {
    await seeded?.close();
    if (seedDir) await rm(seedDir, { recursive: true, force: true });
  }, 120_000);

  it("seals its account's disk while idle, then starts a lab on a copy of it, every lab image there", async () => {
    await expect
      .poll(() => seeded.lines.some((l) => l.startsWith("sealed a lab seed for ")), { timeout: 120_000, interval: 200 })
      .toBe(true);
    expect(await readdir(seedDir)).toEqual([expect.stringMatching(/^dockyard-lab-\d{2}-[0-9a-f]{16}\.img$/)]);
    const lab = await seeded.request();
    await lab.waitForStatus("open");
    await lab.waitFor(/lab:~# $/);
    expect(seeded.lines.join("\n")).toMatch(
      new RegExp(`lab ${lab.sessionId}: open on engine .*, from its account's seed`),
    );
    // The lab asks for Python alone; a seed holds every lab image, Redis among them.
    await lab.send("docker images --format 'image {{.Repository}}:{{.Tag}}' | sort\r");
    await lab.waitFor(/image dockyard\/redis:7\.0\.15-bookworm\r\n/);
    await lab.close();
    await lab.waitForStatus("closed");
    expect(await leftOf(seeded.labsDir, lab.opened().engineId)).toEqual([]);
  }, 240_000);
});
