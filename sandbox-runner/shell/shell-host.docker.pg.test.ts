import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShellHarness, LEARNER_IMAGE } from "./testing/shell-harness";

type Harness = Awaited<ReturnType<typeof createShellHarness>>;
let roomy: Harness;
let tight: Harness;
let learnerImage: string;
let tightImage: string;

beforeAll(async () => {
  roomy = await createShellHarness("shellhost");
  await roomy.host();
  learnerImage = await roomy.keptSubmission(LEARNER_IMAGE);
  tight = await createShellHarness("shellhost_tight");
  await tight.host({ idleSeconds: 2, totalSeconds: 6, outputBytes: 64 * 1024 });
  tightImage = await tight.keptSubmission(LEARNER_IMAGE);
});

afterAll(async () => {
  await roomy?.close();
  await tight?.close();
});

describe("a shell in the learner's kept image", () => {
  it("opens as the image's own user, past its entrypoint, in bash at the requested size", async () => {
    const shell = await roomy.request(learnerImage, { cols: 90, rows: 33 });
    await shell.waitForStatus("open");
    await shell.send("id; echo shell=$BASH_VERSION; stty size; pwd\r");
    const out = await shell.waitFor(/\/home\/learner\r\n/);
    expect(out).toMatch(/uid=4321\(learner\) gid=4321\(learner\)/);
    expect(out).toMatch(/shell=5\.\d/);
    expect(out).toContain("33 90\r\n");
    // The image's PATH and TERM are the terminal's: no login shell reset them.
    await shell.send("echo $TERM:$PATH\r");
    await shell.waitFor(/xterm-256color:\/usr\/local\/sbin:\/usr\/local\/bin:/);
    await shell.close();
  });

  it("echoes keystrokes, interrupts on Ctrl-C, follows a resize, and ends at exit with its code", async () => {
    const shell = await roomy.request(learnerImage);
    await shell.waitForStatus("open");
    for (const ch of "echo round-$((20+3))\r") await shell.send(ch);
    await shell.waitFor(/round-23\r\n/);

    await shell.send("sleep 100\r");
    await shell.waitFor(/sleep 100\r\n/);
    await shell.send("\u0003");
    await shell.send("echo interrupted-$?\r");
    // 130: the sleep ended by SIGINT, long before its 100 s.
    await shell.waitFor(/interrupted-130\r\n/);

    await shell.resize(120, 40);
    await expect
      .poll(
        async () => {
          await shell.send("stty size\r");
          return shell.output();
        },
        { timeout: 10_000, interval: 300 },
      )
      .toContain("40 120\r\n");

    await shell.send("exit 3\r");
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toContain("exit code 3");
    expect(await shell.containers()).toBe(0);
  });

  it("removes the container when its opener closes it, and says who closed it", async () => {
    const shell = await roomy.request(learnerImage);
    await shell.waitForStatus("open");
    expect(await shell.containers()).toBe(1);
    await shell.close();
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toMatch(/^You closed this shell/);
    expect(await shell.containers()).toBe(0);
    const statuses = (await shell.events()).filter((e) => e.type === "status").map((e) => e.data);
    expect(statuses.map((s) => (s as { status: string }).status)).toEqual(["starting", "open", "closed"]);
  });

  it("drops control strings from the output on their way to the page", async () => {
    const shell = await roomy.request(learnerImage);
    await shell.waitForStatus("open");
    await shell.send("printf 'a\\033]52;c;ZXZpbA==\\007b\\033]8;;https://x.example/\\033\\\\c\\033[1md\\n'\r");
    const out = await shell.waitFor(/abc.\[1md/);
    expect(out).toContain("abc\u001b[1md");
    expect(out).not.toContain("ZXZpbA==\u0007");
    expect(out).not.toContain("\u001b]");
    await shell.close();
  });

  it("explains an image without a shell and how to look inside it anyway", async () => {
    const distroless = await roomy.keptSubmission("FROM scratch\nCOPY hello.txt /hello.txt\n", [
      { path: "hello.txt", content: "hello\n" },
    ]);
    const shell = await roomy.request(distroless);
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toContain("This image has no shell (/bin/sh)");
    expect(closed.closeReason).toContain("docker debug");
    expect(closed.closeReason).toContain("docker cp");
    expect(await shell.containers()).toBe(0);
  });

  it("says the image is gone when its keep is on another engine", async () => {
    await roomy.db.query(`UPDATE kept_image SET "engineId" = 'elsewhere' WHERE "submissionId" = $1`, [learnerImage]);
    try {
      const shell = await roomy.request(learnerImage);
      // Requested for this engine, but the image is kept elsewhere: the runner that claims it cannot serve it.
      const closed = await shell.waitForStatus("closed");
      expect(closed.closeReason).toContain("no longer kept on the grader");
    } finally {
      await roomy.db.query(`UPDATE kept_image SET "engineId" = $2 WHERE "submissionId" = $1`, [
        learnerImage,
        roomy.engineId,
      ]);
    }
  });
});

describe("a shell's limits", () => {
  it("closes after the idle time without a keystroke", async () => {
    const shell = await tight.request(tightImage);
    await shell.waitForStatus("open");
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toContain("after 2 seconds without a keystroke");
    expect(await shell.containers()).toBe(0);
  });

  it("closes at the total time even while the learner keeps typing", async () => {
    const shell = await tight.request(tightImage);
    await shell.waitForStatus("open");
    const typing = setInterval(() => void shell.send(" "), 500);
    try {
      const closed = await shell.waitForStatus("closed");
      expect(closed.closeReason).toContain("after 6 seconds, the longest a shell stays open");
    } finally {
      clearInterval(typing);
    }
    expect(await shell.containers()).toBe(0);
  });

  it("stores at most the output cap, then closes and says why", async () => {
    const shell = await tight.request(tightImage);
    await shell.waitForStatus("open");
    await shell.send("yes yes-yes-yes\r");
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toContain("printed more than");
    const out = await shell.output();
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(out)).toBeGreaterThan(60 * 1024);
    expect(await shell.containers()).toBe(0);
  });
});

describe("the shell host's own life", () => {
  let own: Harness;
  let image: string;
  let host: Awaited<ReturnType<Harness["host"]>>;

  beforeAll(async () => {
    own = await createShellHarness("shellhost_life");
    host = await own.host();
    image = await own.keptSubmission(LEARNER_IMAGE);
  });

  afterAll(async () => {
    await own?.close();
  });

  it("gets its control connection back after losing it, and serves a request sent meanwhile", async () => {
    const { rowCount } = await own.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
    );
    expect(rowCount).toBe(1);
    const shell = await own.request(image);
    await shell.waitForStatus("open");
    await shell.send("echo back-$((6*7))\r");
    await shell.waitFor(/back-42\r\n/);
  });

  it("closes its shells when the runner stops, saying the grader restarted", async () => {
    const shell = await own.request(image);
    await shell.waitForStatus("open");
    await host.stop();
    const closed = await shell.status();
    expect(closed.status).toBe("closed");
    expect(closed.closeReason).toMatch(/^The grader restarted; open the shell again\./);
    expect(await shell.containers()).toBe(0);
  });
});

describe("an exercise whose shell may write to its root", () => {
  let contentDir: string;
  let image: string;

  beforeAll(async () => {
    contentDir = await mkdtemp(path.join(tmpdir(), "shell-content-"));
    await mkdir(path.join(contentDir, "exercises", "writable-shell"), { recursive: true });
    await writeFile(
      path.join(contentDir, "exercises", "writable-shell", "exercise.yaml"),
      "title: Writable shell fixture\nsummary: A shell whose root is writable.\nprompt: Tests only.\n" +
        "editable:\n  - Dockerfile\nshell:\n  readOnlyRootfs: false\n",
    );
    process.env.CONTENT_DIR = contentDir;
    image = await roomy.keptSubmission(LEARNER_IMAGE, [], "writable-shell");
  });

  afterAll(async () => {
    delete process.env.CONTENT_DIR;
    await rm(contentDir, { recursive: true, force: true });
  });

  it("writes to the root, and is stopped with an explanation past the disk allowance", async () => {
    const shell = await roomy.request(image);
    await shell.waitForStatus("open");
    await shell.send("echo written > /home/learner/w && cat /home/learner/w\r");
    await shell.waitFor(/written\r\n/);
    // SHELL_LIMITS.tmpBytes (64 MiB) is the writable root's allowance too.
    await shell.send("head -c 100M /dev/zero > /home/learner/big; sleep 60\r");
    const closed = await shell.waitForStatus("closed");
    expect(closed.closeReason).toContain("wrote more than 64 MiB to the image's file system");
    expect(await shell.containers()).toBe(0);
  });
});
