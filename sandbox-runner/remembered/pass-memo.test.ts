import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoised, recallPass, rememberPass, whyRun } from "./pass-memo";

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

describe("whyRun", () => {
  const parts = { code: "c1", content: "f1", engine: "e1", images: "i1", node: "v20", subject };
  it("names the parts of the key that changed since the subject's newest pass, and only that subject's", async () => {
    expect(await whyRun(subject, { hash: "k1", parts }, { dir })).toBe("no pass on record on this machine");
    await rememberPass(subject, { hash: "k1", parts }, 1, dir);
    await rememberPass("exercise:first-image-2", { hash: "k9", parts: { ...parts, code: "x" } }, 1, dir);
    const now = { ...parts, code: "c2", images: "i2" };
    expect(await whyRun(subject, { hash: "k2", parts: now }, { dir })).toMatch(
      /^changed since its pass at .+: code, images$/,
    );
    await rememberPass(subject, { hash: "k2", parts: now }, 1, dir);
    expect(await whyRun(subject, { hash: "k3", parts: { ...now, content: "f2" } }, { dir })).toMatch(/: content$/);
  });

  it("says so when a fresh run is asked for, and tells onRun before the work runs", async () => {
    expect(await whyRun(subject, { hash: "k1", parts }, { dir, fresh: true })).toBe("a fresh run was asked for");
    const told: string[] = [];
    const result = await memoised(
      subject,
      { hash: "k1", parts },
      async () => {
        expect(told).toEqual(["no pass on record on this machine"]);
        return { report: {}, ok: true };
      },
      { dir, onRun: (why) => told.push(why) },
    );
    expect(result).toMatchObject({ ran: true, why: "no pass on record on this machine" });
  });
});
