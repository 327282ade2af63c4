import { describe, expect, it } from "vitest";
import { labCheckSchema } from "../../../lib/labs/lab-check-schema";
import { EMPTY_LAB_STATE } from "./testing/lab-state-fixtures";
import { type TaskStatus, watchTasks } from "./watch-tasks";

const EMPTY = EMPTY_LAB_STATE;
const tasks = [
  { id: "volume", checks: [labCheckSchema.parse({ kind: "volume", name: "models" })] },
  {
    id: "network",
    checks: [
      labCheckSchema.parse({ kind: "network", name: "backend" }),
      labCheckSchema.parse({ kind: "volume", name: "models" }),
    ],
  },
];

describe("watchTasks", () => {
  it("reports every task once at the start, then only the tasks whose status changed", async () => {
    let state = EMPTY;
    const seen: TaskStatus[] = [];
    const watch = watchTasks({
      tasks,
      readState: async () => state,
      onChange: (s) => seen.push(s),
      intervalMs: 60_000,
      holdMs: 0,
    });
    await watch.settled();
    expect(seen.map((s) => [s.id, s.done])).toEqual([
      ["volume", false],
      ["network", false],
    ]);
    state = { ...EMPTY, volumes: ["models"] };
    watch.poke();
    await watch.settled();
    // The network task still fails, now on its first check only: its evidence is unchanged, so it is not repeated.
    expect(seen.slice(2).map((s) => [s.id, s.done])).toEqual([["volume", true]]);
    watch.poke();
    await watch.settled();
    expect(seen).toHaveLength(3);
    watch.stop();
  });

  it("takes the engine's events into the judge's history and reads again at each", async () => {
    const removable = [
      { id: "rm", checks: [labCheckSchema.parse({ kind: "volume", name: "scratch", present: false })] },
    ];
    let reads = 0;
    const seen: TaskStatus[] = [];
    const watch = watchTasks({
      tasks: removable,
      readState: async () => {
        reads++;
        return EMPTY;
      },
      onChange: (s) => seen.push(s),
      intervalMs: 60_000,
      holdMs: 0,
    });
    await watch.settled();
    // Never there: nothing was removed.
    expect(seen.map((s) => s.done)).toEqual([false]);
    // Made and removed between two reads: the events say it was there.
    watch.observe({ Type: "volume", Action: "create", Actor: { ID: "scratch" } });
    watch.observe({ Type: "volume", Action: "destroy", Actor: { ID: "scratch" } });
    await watch.settled();
    watch.stop();
    expect(reads).toBeGreaterThan(1);
    expect(seen.map((s) => s.done)).toEqual([false, true]);
  });

  it("never runs two reads at once, and reads once more after pokes that came during a read", async () => {
    let reads = 0;
    let running = 0;
    let overlapped = false;
    const watch = watchTasks({
      tasks,
      readState: async () => {
        reads++;
        running++;
        if (running > 1) overlapped = true;
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return EMPTY;
      },
      onChange: () => undefined,
      intervalMs: 60_000,
      holdMs: 0,
    });
    for (let i = 0; i < 5; i++) watch.poke();
    await new Promise((r) => setTimeout(r, 100));
    await watch.settled();
    watch.stop();
    expect(overlapped).toBe(false);
    expect(reads).toBe(2);
  });

  it("reports a failed read and keeps watching", async () => {
    const errors: unknown[] = [];
    let fail = true;
    const seen: TaskStatus[] = [];
    const watch = watchTasks({
      tasks,
      readState: async () => {
        if (fail) throw new Error("engine gone");
        return EMPTY;
      },
      onChange: (s) => seen.push(s),
      onError: (err) => errors.push(err),
      intervalMs: 60_000,
      holdMs: 0,
    });
    await watch.settled();
    fail = false;
    watch.poke();
    await watch.settled();
    watch.stop();
    expect(errors).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });
});
