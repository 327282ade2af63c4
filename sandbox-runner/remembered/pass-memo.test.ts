import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoised, recallPass, rememberPass } from "./pass-memo";

const subject = "exercise:first-image";
const key = (hash: string) => ({ hash, parts: {} });
let dir: string;
let runs: number;
const work = (ok: boolean) => async () => {
  runs++;
  return { report: { ok }, ok };
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-memo-unit-"));
  runs = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("memoised", () => {
  it("runs the work once per key while it passes", async () => {
    expect(await memoised(subject, key("k1"), work(true), { dir })).toMatchObject({ ran: true, ok: true });
    expect(await memoised(subject, key("k1"), work(true), { dir })).toMatchObject({
      ran: false,
      record: { key: "k1", subject: "exercise:first-image" },
    });
    expect(await memoised(subject, key("k2"), work(true), { dir })).toMatchObject({ ran: true });
    expect(runs).toBe(2);
  });

  it("never remembers a failure: the next call runs it again", async () => {
    expect(await memoised(subject, key("k1"), work(false), { dir })).toMatchObject({ ran: true, ok: false });
    expect(await memoised(subject, key("k1"), work(false), { dir })).toMatchObject({ ran: true, ok: false });
    expect(runs).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it("runs again when asked for a fresh outcome, or when the record does not parse", async () => {
    await memoised(subject, key("k1"), work(true), { dir });
    expect(await memoised(subject, key("k1"), work(true), { dir, fresh: true })).toMatchObject({ ran: true });
    await writeFile(path.join(dir, "exercise", "first-image-k1.json"), "{ half a rec");
    expect(await memoised(subject, key("k1"), work(true), { dir })).toMatchObject({ ran: true });
    expect(runs).toBe(3);
  });
});

describe("recallPass", () => {
  it("keeps subjects apart, a test file's path included, and never answers for another subject's record", async () => {
    const test = "docker-test:sandbox-runner/reaper.docker.test.ts";
    await rememberPass(test, key("k1"), 7.04, dir);
    expect(await recallPass(test, key("k1"), { dir })).toMatchObject({ subject: test, seconds: 7 });
    expect(await recallPass("docker-test:sandbox-runner/other.docker.test.ts", key("k1"), { dir })).toBeUndefined();
    expect(await readdir(path.join(dir, "docker-test"))).toEqual(["sandbox-runner__reaper.docker.test.ts-k1.json"]);
  });
});
