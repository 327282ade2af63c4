import { describe, expect, it } from "vitest";
import { labCheckSchema } from "../../../lib/labs/lab-check-schema";
import { containerFacts, EMPTY_LAB_STATE, labState } from "./testing/lab-state-fixtures";
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

  it("settles after the read it owes, even while pokes never pause (a lab whose events keep coming)", async () => {
    let reads = 0;
    const watch = watchTasks({
      tasks,
      readState: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 20));
        return EMPTY;
      },
      onChange: () => undefined,
      intervalMs: 60_000,
      holdMs: 0,
    });
    const storm = setInterval(() => watch.poke(), 2);
    try {
      await new Promise((r) => setTimeout(r, 50));
      watch.poke();
      const before = reads;
      await watch.settled();
      // The read under way and the one the poke asked for; waiting for a quiet moment would never end.
      expect(reads - before).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(storm);
      watch.stop();
    }
  });

  it("reads again for a learner's exec, never for a health check's probe", async () => {
    let reads = 0;
    const cache = containerFacts({ name: "cache", healthcheck: "redis-cli ping", health: "healthy" });
    const watch = watchTasks({
      tasks,
      readState: async () => {
        reads++;
        return labState({ containers: [cache] });
      },
      onChange: () => undefined,
      intervalMs: 60_000,
      holdMs: 0,
    });
    await watch.settled();
    const exec = (execID: string, command: string, exitCode: string) => {
      const Actor = { ID: cache.id, Attributes: { name: "cache", execID, exitCode } };
      watch.observe({ Type: "container", Action: `exec_create: ${command}`, Actor });
      watch.observe({ Type: "container", Action: `exec_start: ${command}`, Actor });
      watch.observe({ Type: "container", Action: "exec_die", Actor });
    };
    const first = reads;
    for (let i = 0; i < 5; i++) exec(`probe-${i}`, "redis-cli ping", "0");
    await watch.settled();
    expect(reads).toBe(first);
    exec("learner", "redis-cli get model", "0");
    await watch.settled();
    expect(reads).toBe(first + 1);
    watch.stop();
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
