import { describe, expect, it } from "vitest";
import { labCheckSchema } from "../../shared";
import type { LabState } from "./lab-state";
import { type TaskStatus, taskStatus, watchTasks } from "./watch-tasks";

const EMPTY: LabState = {
  containers: [],
  volumes: [],
  networks: [],
  images: [],
  imageIds: {},
  danglingImages: [],
  unusedVolumes: [],
  http: {},
  volumeFiles: {},
  registryTags: {},
};
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

describe("taskStatus", () => {
  it("is done only when every check holds, and speaks with the first failing check otherwise", () => {
    expect(taskStatus(tasks[1]!, { ...EMPTY, volumes: ["models"] })).toMatchObject({
      done: false,
      found: "There is no network named backend.",
    });
    expect(
      taskStatus(tasks[1]!, { ...EMPTY, volumes: ["models"], networks: [{ name: "backend", internal: false }] }),
    ).toMatchObject({ done: true });
  });
});

describe("watchTasks", () => {
  it("reports every task once at the start, then only the tasks whose status changed", async () => {
    let state = EMPTY;
    const seen: TaskStatus[] = [];
    const watch = watchTasks({
      tasks,
      readState: async () => state,
      onChange: (s) => seen.push(s),
      intervalMs: 60_000,
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
