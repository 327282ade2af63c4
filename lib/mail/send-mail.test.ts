import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readOutbox, sendMail } from "./send-mail";

// With no SMTP_URL (the single-machine default) a message goes to the outbox an admin reads.
let dir: string;
const before = { DATA_DIR: process.env.DATA_DIR, SMTP_URL: process.env.SMTP_URL };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-outbox-"));
  process.env.DATA_DIR = dir;
  delete process.env.SMTP_URL;
  vi.spyOn(console, "info").mockImplementation(() => {});
});

afterEach(async () => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe("sendMail without a mail server", () => {
  it("keeps each message in the outbox, newest first, and says so in the log", async () => {
    await sendMail({ to: "a@example.test", subject: "first", text: "link one" });
    await new Promise((r) => setTimeout(r, 5));
    await sendMail({ to: "b@example.test", subject: "second", text: "link two" });
    const messages = await readOutbox();
    expect(messages.map((m) => [m.to, m.subject, m.text])).toEqual([
      ["b@example.test", "second", "link two"],
      ["a@example.test", "first", "link one"],
    ]);
    expect(messages[0]!.from).toMatch(/^Dockyard <no-reply@/);
    expect(console.info).toHaveBeenCalledWith(expect.stringContaining('"second" to b@example.test is in the outbox'));
  });

  it("skips a file cut short, and refuses an SMTP_URL that is not smtp:// or smtps://", async () => {
    await sendMail({ to: "a@example.test", subject: "kept", text: "x" });
    const [name] = await readdir(path.join(dir, "outbox"));
    await writeFile(path.join(dir, "outbox", `9${name}`), '{"id": "cut');
    expect((await readOutbox()).map((m) => m.subject)).toEqual(["kept"]);
    process.env.SMTP_URL = "http://mail.example.test";
    await expect(sendMail({ to: "a@example.test", subject: "s", text: "t" })).rejects.toThrow(/smtp:\/\/ or smtps/);
  });
});
