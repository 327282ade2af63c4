import { describe, expect, it } from "vitest";
import { StartGate } from "./start-gate";

const idle = { loadPerCore: 0.5 };

describe("StartGate", () => {
  it("raises the limit after starts as fast as the host's pace, up to its accounts", () => {
    const gate = new StartGate({ initial: 2, max: 4 });
    gate.observe({ engineMs: 2000, ...idle });
    expect(gate.limit).toBe(3);
    gate.observe({ engineMs: 2500, ...idle });
    gate.observe({ engineMs: 2200, ...idle });
    expect(gate.limit).toBe(4);
  });

  it("halves the limit after a start three times slower than the host's pace, never under one a core", () => {
    const gate = new StartGate({ initial: 2, max: 22 });
    for (let i = 0; i < 6; i++) gate.observe({ engineMs: 2000, ...idle });
    expect(gate.limit).toBe(8);
    gate.observe({ engineMs: 9000, ...idle });
    expect(gate.limit).toBe(4);
    gate.observe({ engineMs: 9000, ...idle });
    gate.observe({ engineMs: 9000, ...idle });
    gate.observe({ engineMs: 9000, ...idle });
    expect(gate.limit).toBe(2);
  });

  it("holds the limit on a busy host even when a start was fast", () => {
    const gate = new StartGate({ initial: 2, max: 22 });
    gate.observe({ engineMs: 2000, loadPerCore: 6 });
    expect(gate.limit).toBe(2);
  });

  it("keeps a turn for each lab claimed to start until its start comes, so a claim pass never takes more", async () => {
    let now = 0;
    const gate = new StartGate({ initial: 2, max: 2, now: () => now });
    expect(gate.roomForLearner).toBe(true);
    gate.reserve("a");
    gate.reserve("b");
    expect(gate.roomForLearner).toBe(false);
    gate.unreserve("b");
    expect(gate.roomForLearner).toBe(true);
    gate.reserve("b");
    // A claimed lab that closed before its start stops counting in time.
    now = 31_000;
    expect(gate.roomForLearner).toBe(true);
    gate.reserve("c");
    await gate.run(async () => expect(gate.roomForLearner).toBe(true), "learner", "c");
  });

  it("starts learners' engines before the warm pool's, each in the order they came", async () => {
    const gate = new StartGate({ initial: 1, max: 1 });
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)), "learner");
    const later = [
      gate.run(async () => void order.push("warm 1"), "ahead"),
      gate.run(async () => void order.push("learner 1"), "learner"),
      gate.run(async () => void order.push("warm 2"), "ahead"),
      gate.run(async () => void order.push("learner 2"), "learner"),
    ];
    release();
    await Promise.all([first, ...later]);
    expect(order).toEqual(["learner 1", "learner 2", "warm 1", "warm 2"]);
  });
});
