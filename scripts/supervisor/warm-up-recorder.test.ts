import { describe, expect, it } from "vitest";
import type { WarmUpRecord } from "../../lib/platform/warm-up-store";
import { WarmUpRecorder } from "./warm-up-recorder";

const record = (detail: string, extra: Partial<WarmUpRecord> = {}): WarmUpRecord => ({
  part: "baseImages",
  state: "warming",
  detail,
  hostname: "vm",
  ...extra,
});

describe("recording the warm-up", () => {
  it("writes in order, only the newest waiting state of a part, and never holds the caller up", async () => {
    const written: WarmUpRecord[] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const recorder = new WarmUpRecorder(
      async (r) => {
        written.push(r);
        if (written.length === 1) await first;
      },
      () => {},
    );
    recorder.record(record("a", { begins: true }));
    recorder.record(record("b"));
    recorder.record(record("c"));
    recorder.record(record("lab", { part: "labHost", state: "off" }));
    release();
    await recorder.settled(1_000);
    expect(written.map((r) => r.detail)).toEqual(["a", "c", "lab"]);
  });

  it("keeps a new start's clock reset when its record is replaced before it is written", async () => {
    const written: WarmUpRecord[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const recorder = new WarmUpRecorder(
      async (r) => {
        written.push(r);
        if (r.part === "labHost") await blocked;
      },
      () => {},
    );
    recorder.record(record("lab", { part: "labHost" }));
    recorder.record(record("begun", { begins: true }));
    recorder.record(record("progress"));
    release();
    await recorder.settled(1_000);
    expect(written.at(-1)).toEqual(record("progress", { begins: true }));
  });

  it("tries a failed write again until it lands, saying so once per outage", async () => {
    const said: string[] = [];
    let failures = 2;
    const written: string[] = [];
    const recorder = new WarmUpRecorder(
      async (r) => {
        if (failures-- > 0) throw new Error("connection terminated");
        written.push(r.detail ?? "");
      },
      (line) => said.push(line),
      1,
    );
    recorder.record(record("ready"));
    await recorder.settled(1_000);
    expect(written).toEqual(["ready"]);
    expect(said).toEqual([
      "could not record the warm-up's state (retrying): connection terminated",
      "the warm-up's state is recorded again",
    ]);
  });

  it("gives up waiting after the timeout, and writes nothing more once stopped", async () => {
    const recorder = new WarmUpRecorder(
      () => Promise.reject(new Error("down")),
      () => {},
      5,
    );
    recorder.record(record("x"));
    const started = Date.now();
    await recorder.settled(50);
    expect(Date.now() - started).toBeLessThan(1_000);
    recorder.stop();
    await recorder.settled(1_000);
  });
});
