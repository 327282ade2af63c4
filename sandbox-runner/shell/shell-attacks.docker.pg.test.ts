import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createShellHarness, LEARNER_IMAGE, type ShellHandle } from "./testing/shell-harness";

/**
 * A learner (or anything their image runs) attacking the shell from inside: each attack is contained by the
 * container's limits and sandbox, the runner keeps serving, and nothing of the shell is left afterwards.
 */
let harness: Awaited<ReturnType<typeof createShellHarness>>;
let image: string;
const opened: ShellHandle[] = [];
const TMP_BYTES = 16 * 1024 * 1024;

beforeAll(async () => {
  harness = await createShellHarness("shellattack");
  await harness.host({ tmpBytes: TMP_BYTES, pendingInputBytes: 16 * 1024 });
  image = await harness.keptSubmission(LEARNER_IMAGE);
});

afterAll(async () => {
  await harness?.close();
});

afterEach(async () => {
  // After every attack: the shell closes on request and its container is gone.
  for (const shell of opened.splice(0)) {
    await shell.close();
    await shell.waitForStatus("closed");
    expect(await shell.containers()).toBe(0);
  }
});

async function open(): Promise<ShellHandle> {
  const shell = await harness.request(image, { cols: 200, rows: 50 });
  opened.push(shell);
  await shell.waitForStatus("open");
  return shell;
}

/** Runs a command line and returns what it printed between two markers. */
async function run(shell: ShellHandle, command: string, timeout = 20_000): Promise<string> {
  const mark = `m${Math.random().toString(36).slice(2, 8)}`;
  await shell.send(`echo ${mark}-begin; ${command}; echo ${mark}-end\r`);
  const out = await shell.waitFor(new RegExp(`\\n${mark}-end\\r\\n`), timeout);
  // The typed line (echoed) has "-begin;"; the printed one ends the line.
  const begin = `${mark}-begin\r\n`;
  return out.slice(out.indexOf(begin) + begin.length, out.lastIndexOf(`\n${mark}-end`));
}

describe("attacks from inside a shell", () => {
  it("holds a fork bomb at the process limit while the runner keeps serving other shells", async () => {
    const bombed = await open();
    const [container] = await harness.docker.listContainers({
      filters: { label: [`dockyard.shell=${bombed.sessionId}`] },
    });
    expect((await harness.docker.getContainer(container!.Id).inspect()).HostConfig.PidsLimit).toBe(64);
    await bombed.send("bomb() { bomb | bomb & }; bomb\r");
    await bombed.waitFor(/Resource temporarily unavailable/);
    // The runner and the engine are unaffected: another shell opens and answers.
    const other = await open();
    expect(await run(other, "echo still-$((40+2))")).toContain("still-42");
    expect(await harness.docker.ping()).toBeTruthy();
  });

  it("refuses writes to a read-only root and fills /tmp only up to its size", async () => {
    const shell = await open();
    expect(await run(shell, "echo x > /home/learner/f; echo x > /etc/f")).toMatch(
      /Read-only file system[\s\S]*Read-only file system/,
    );
    const fill = await run(shell, "head -c 100M /dev/zero > /tmp/fill; du -k /tmp/fill", 60_000);
    expect(fill).toContain("No space left on device");
    expect(Number(/(\d+)\s+\/tmp\/fill/.exec(fill)?.[1])).toBeLessThanOrEqual(TMP_BYTES / 1024);
    // Still a working shell afterwards.
    expect(await run(shell, "rm /tmp/fill && echo freed")).toContain("freed");
  });

  it("has no network but loopback and cannot connect out", async () => {
    const shell = await open();
    expect((await run(shell, "/bin/ls /sys/class/net")).trim()).toBe("lo");
    const out = await run(
      shell,
      "echo > /dev/tcp/1.1.1.1/80 || echo refused-$?; getent hosts example.com || echo nodns",
    );
    expect(out).toContain("Network is unreachable");
    expect(out).toContain("refused-1");
    expect(out).toContain("nodns");
  });

  it("cannot read the host: no engine socket, its own hostname, no shadow, no host mounts", async () => {
    const shell = await open();
    const [container] = await harness.docker.listContainers({
      filters: { label: [`dockyard.shell=${shell.sessionId}`] },
    });
    const out = await run(shell, "/bin/ls /var/run/docker.sock /run/docker.sock; hostname; cat /etc/shadow");
    expect(out).toMatch(/cannot access '\/var\/run\/docker.sock': No such file or directory/);
    expect(out).toMatch(/cannot access '\/run\/docker.sock': No such file or directory/);
    expect(out).toContain(container!.Id.slice(0, 12));
    expect(out).toContain("/etc/shadow: Permission denied");
    const mounts = (await run(shell, "awk '{print $5}' /proc/self/mountinfo")).trim().split(/\r?\n/);
    const allowed = new Set(["/", "/tmp", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/dev", "/dev/console"]);
    // The engine's own: the root, /tmp's tmpfs, the three files every container gets, and the kernel's file systems.
    expect(mounts.filter((m) => !allowed.has(m) && !/^\/(proc|sys|dev)(\/|$)/.test(m))).toEqual([]);
  });

  it("cannot escape through /proc or device nodes, and holds no capability", async () => {
    const shell = await open();
    const out = await run(
      shell,
      "echo b > /proc/sysrq-trigger; echo '|/tmp/x' > /proc/sys/kernel/core_pattern; mknod /tmp/disk b 8 0; " +
        "grep -E '^(Cap|NoNewPrivs)' /proc/self/status",
    );
    // Masked by the engine (or absent from this kernel); the kernel's settings, core_pattern the classic escape
    // among them, are read-only.
    expect(out).toMatch(/\/proc\/sysrq-trigger: (No such file or directory|Read-only file system|Permission denied)/);
    expect(out).toContain("/proc/sys/kernel/core_pattern: Read-only file system");
    expect(out).toContain("mknod: /tmp/disk: Operation not permitted");
    for (const cap of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) {
      expect(out).toMatch(new RegExp(`${cap}:\\s+0000000000000000`));
    }
    expect(out).toMatch(/NoNewPrivs:\s+1/);
    const devices = (await run(shell, "/bin/ls -A /dev")).trim().split(/\s+/);
    const standard = ["console", "core", "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm"];
    standard.push("stderr", "stdin", "stdout", "tty", "urandom", "zero");
    expect(devices.filter((d) => !standard.includes(d))).toEqual([]);
  });

  it("takes 1,000 keystrokes a second in order while serving others, and drops a flood it cannot read", async () => {
    const shell = await open();
    const other = await open();
    await run(shell, "stty -echo");
    await shell.send("cat\r");
    const lines = Array.from({ length: 500 }, (_, i) => `k${String(i).padStart(4, "0")}\r`);
    const keys = [...lines.join("")];
    // 3,000 keystrokes, one NOTIFY each, 10 every 10 ms (sent in order on the harness's one "web" connection).
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(keys.slice(i, i + 10).map((k) => shell.send(k)));
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (i === 1500) await other.send("echo alive-$((1+1))\r");
    }
    await other.waitFor(/alive-2\r\n/);
    const out = await shell.waitFor(/k0499\r\n/, 30_000);
    expect(out.match(/k\d{4}/g)).toEqual(lines.map((l) => l.slice(0, 5)));

    // A flood into a command that reads nothing: the excess is dropped and said once, and the shell lives on.
    await shell.send("\u0003");
    // Raw mode while it runs: in canonical mode the kernel throws away a line past 4 KiB instead of holding the
    // writer back, and whether the flood met bash's own raw mode or sleep's canonical one was a race.
    await shell.send("stty raw -echo; sleep 600\r");
    const piece = "x".repeat(1000);
    for (let i = 0; i < 3000; i += 50) await Promise.all(Array.from({ length: 50 }, () => shell.send(piece)));
    // The runner works through 3,000 queued notifications first: under a full test run that takes a while.
    const flooded = await shell.waitFor(/input was dropped because it came faster than the shell reads it/, 150_000);
    expect(flooded.match(/input was dropped/g)!.length).toBeLessThan(10);
    expect((await shell.status()).status).toBe("open");
  }, 240_000);
});
