import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { alive } from "../../test-support/live-process";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "node-process-"));
const started: ChildProcess[] = [];
const parts: number[] = [];
afterAll(() => {
  for (const child of started) child.kill("SIGKILL");
  // A part that outlived its supervisor (the failure this file looks for) is not left behind either.
  for (const pid of parts.filter(alive)) process.kill(pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** A supervisor that starts one part and prints the part's pid; the part links itself, and would otherwise idle. */
function startSupervisor(): { supervisor: ChildProcess; partPid: Promise<number> } {
  const part = path.join(dir, "part.mts");
  writeFileSync(
    part,
    `import { stopWithSupervisor } from ${JSON.stringify(path.join(root, "lib/platform/supervisor-link.ts"))};\n` +
      // Its orderly stop never ends, as one waiting on a database that died with the supervisor would not.
      'process.on("SIGTERM", () => {});\nstopWithSupervisor();\nsetInterval(() => {}, 1000);\n' +
      "console.log(`part ${process.pid}`);\n",
  );
  const supervisorScript = path.join(dir, "supervisor.mts");
  writeFileSync(
    supervisorScript,
    `import { nodeProcess } from ${JSON.stringify(path.join(root, "scripts/supervisor/node-process.ts"))};\n` +
      `const spec = nodeProcess("part", "the part", ${JSON.stringify(part)}, { cwd: ${JSON.stringify(root)}, ` +
      "env: process.env });\nawait spec.start((line) => console.log(line));\nsetInterval(() => {}, 1000);\n",
  );
  const supervisor = spawn(process.execPath, ["--import", "tsx", supervisorScript], { cwd: root });
  started.push(supervisor);
  const partPid = new Promise<number>((resolve, reject) => {
    let out = "";
    supervisor.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    supervisor.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /part (\d+)/.exec(out);
      if (!found) return;
      parts.push(Number(found[1]));
      resolve(Number(found[1]));
    });
    supervisor.once("exit", () => reject(new Error(`the supervisor ended first: ${out}`)));
  });
  return { supervisor, partPid };
}

describe("a part npm start supervises", () => {
  it("stops when its supervisor is killed with SIGKILL, even when its orderly stop hangs", async () => {
    const { supervisor, partPid } = startSupervisor();
    const pid = await partPid;
    expect(alive(pid)).toBe(true);
    supervisor.kill("SIGKILL");
    for (let waited = 0; alive(pid) && waited < 20_000; waited += 100) await sleep(100);
    expect(alive(pid)).toBe(false);
  }, 40_000);
});
