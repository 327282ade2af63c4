import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive } from "../../test-support/live-process";
import { ensureLabHost, SetupScriptError } from "./lab-host-setup";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A checkout whose scripts/labs/ensure-lab-host.sh is `body`. */
function checkoutWith(body: string): string {
  const root = mkdtempSync(path.join(tmpdir(), "lab-host-"));
  roots.push(root);
  mkdirSync(path.join(root, "scripts/labs"), { recursive: true });
  writeFileSync(path.join(root, "scripts/labs/ensure-lab-host.sh"), `set -e\n${body}\n`);
  return root;
}

describe("making the machine a lab host during the warm-up", () => {
  it("settles when the script succeeds", async () => {
    await expect(
      ensureLabHost(checkoutWith("echo '[ensure-lab-host] ready' >&2"), new AbortController().signal),
    ).resolves.toBeUndefined();
  });

  it("fails with the script's last words, which say why", async () => {
    const root = checkoutWith("echo '[ensure-lab-host] error: could not install rootlesskit' >&2; exit 1");
    const failure = await ensureLabHost(root, new AbortController().signal).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SetupScriptError);
    expect((failure as SetupScriptError).message).toBe("[ensure-lab-host] error: could not install rootlesskit");
    expect((failure as SetupScriptError).how).toBe("exited with code 1");
  });

  it("stops the script and what it started (its apt-get) when the platform stops", async () => {
    const root = checkoutWith(`sleep 30 & echo $! > "${"$"}(dirname "$0")/child.pid"; wait`);
    const stop = new AbortController();
    const running = ensureLabHost(root, stop.signal).catch((err: unknown) => err);
    const pidFile = path.join(root, "scripts/labs/child.pid");
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
    const child = Number(readFileSync(pidFile, "utf8"));
    stop.abort();
    expect(((await running) as SetupScriptError).how).toBe("was killed by SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(child)).toBe(false);
  });
});
