import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoisedVerification } from "./verification-memo";

const subject = { kind: "exercise", slug: "first-image" } as const;
const key = (hash: string) => ({ hash, parts: {} });
let dir: string;
let runs: number;
const verify = (ok: boolean) => async () => {
  runs++;
  return { report: { ok }, ok };
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-memo-unit-"));
  runs = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("memoisedVerification", () => {
  it("runs a verification once per key while it passes", async () => {
    expect(await memoisedVerification(subject, key("k1"), verify(true), { dir })).toMatchObject({
      ran: true,
      ok: true,
    });
    expect(await memoisedVerification(subject, key("k1"), verify(true), { dir })).toMatchObject({
      ran: false,
      record: { key: "k1", subject: "exercise:first-image" },
    });
    expect(await memoisedVerification(subject, key("k2"), verify(true), { dir })).toMatchObject({ ran: true });
    expect(runs).toBe(2);
  });

  it("never remembers a failure: the next call runs it again", async () => {
    expect(await memoisedVerification(subject, key("k1"), verify(false), { dir })).toMatchObject({
      ran: true,
      ok: false,
    });
    expect(await memoisedVerification(subject, key("k1"), verify(false), { dir })).toMatchObject({
      ran: true,
      ok: false,
    });
    expect(runs).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it("runs again when asked for a fresh verdict, or when the record does not parse", async () => {
    await memoisedVerification(subject, key("k1"), verify(true), { dir });
    expect(await memoisedVerification(subject, key("k1"), verify(true), { dir, fresh: true })).toMatchObject({
      ran: true,
    });
    await writeFile(path.join(dir, "exercise", "first-image-k1.json"), "{ half a rec");
    expect(await memoisedVerification(subject, key("k1"), verify(true), { dir })).toMatchObject({ ran: true });
    expect(runs).toBe(3);
  });
});
