import { describe, expect, it } from "vitest";
import { isPlayground, LAB_IMAGES, labSpecSchema } from "./lab-schema";

const task = {
  id: "run",
  title: "Run the server",
  goal: "Run the server in the background.",
  checks: [{ kind: "container", name: "model" }],
  solution: "docker run -d --name model model-server:1.0",
};
const spec = {
  title: "Run a model server",
  summary: "Run a model server and look inside it.",
  lesson: "running-containers-and-volumes",
  minutes: 20,
  goal: "Run the model server.",
  tasks: [task],
};

const messages = (value: unknown) =>
  labSpecSchema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("labSpecSchema", () => {
  it("fills in the defaults: python:3.11-slim as the only image, no tries, checks with theirs", () => {
    const parsed = labSpecSchema.parse(spec);
    expect(parsed.images).toEqual(["python:3.11-slim"]);
    expect(parsed.tasks[0]!.tries).toEqual([]);
    expect(parsed.tasks[0]!.checks[0]).toMatchObject({ state: "running", publishes: [], mounts: [], networks: [] });
  });

  it("refuses a task id used twice, at the second one", () => {
    expect(messages({ ...spec, tasks: [task, { ...task, title: "Again" }] })).toEqual([
      'tasks.1.id: task id "run" is used twice',
    ]);
  });

  it("takes needs that name earlier tasks only, so a lab cannot wait on a task that comes after or never does", () => {
    const stop = { ...task, id: "stop", title: "Stop it", needs: ["run"] };
    expect(messages({ ...spec, tasks: [task, stop] })).toEqual([]);
    expect(
      messages({
        ...spec,
        tasks: [
          { ...task, needs: ["stop"] },
          { ...stop, needs: [] },
        ],
      }),
    ).toEqual(['tasks.0.needs.0: task "run" needs "stop", which is not a task before it']);
    expect(messages({ ...spec, tasks: [task, { ...stop, needs: ["stop"] }] })).toEqual([
      'tasks.1.needs.0: task "stop" needs "stop", which is not a task before it',
    ]);
  });

  it("accepts only the seeded images, since a lab can pull nothing", () => {
    expect(messages({ ...spec, images: [...LAB_IMAGES] })).toEqual([]);
    expect(messages({ ...spec, images: ["python:3.12-slim"] })).toEqual([expect.stringMatching(/^images\.0: /)]);
  });

  it("takes a task lesson with a heading anchor, and a lab lesson without one", () => {
    const linked = { ...task, lesson: "running-containers-and-volumes#three-kinds-of-mounts" };
    expect(messages({ ...spec, tasks: [linked] })).toEqual([]);
    expect(messages({ ...spec, tasks: [{ ...task, lesson: "Running Containers" }] })).toHaveLength(1);
    expect(messages({ ...spec, lesson: "running-containers-and-volumes#cheatsheet" })).toHaveLength(1);
  });

  it("refuses a task without checks or solution, an unknown key, and a wrong attempt of no known kind", () => {
    expect(messages({ ...spec, tasks: [{ ...task, checks: [] }] })).toHaveLength(1);
    const { solution: _, ...unsolved } = task;
    expect(messages({ ...spec, tasks: [unsolved] })).toEqual([expect.stringMatching(/^tasks\.0\.solution: /)]);
    expect(messages({ ...spec, setup: "make" })).toHaveLength(1);
    expect(messages({ ...spec, tasks: [{ ...task, tries: [{ kind: "luck", run: "docker run model" }] }] })).toEqual([
      expect.stringMatching(/^tasks\.0\.tries\.0\.kind: /),
    ]);
    // A wrong attempt need not promise a hint: it must turn nothing green either way.
    expect(messages({ ...spec, tasks: [{ ...task, tries: [{ kind: "typo", run: "docker run modle" }] }] })).toEqual([]);
  });

  it("refuses a lab without a task or a lesson: only the playground has none", () => {
    const { lesson: _, ...lessonless } = spec;
    expect(messages({ ...spec, tasks: [] })).toEqual([
      "tasks: a lab has at least one task (only the playground, kind: playground, has none)",
    ]);
    expect(messages(lessonless)).toEqual(["lesson: a lab belongs to a lesson: name it (only the playground has none)"]);
    const { tasks: __, ...taskless } = spec;
    expect(messages(taskless)).toHaveLength(1);
  });
});

describe("the playground", () => {
  const { lesson: _, tasks: __, ...rest } = spec;
  const playground = { ...rest, title: "Playground", kind: "playground", images: [...LAB_IMAGES] };

  it("has no tasks and no lesson, and is told apart by its kind alone", () => {
    const parsed = labSpecSchema.parse(playground);
    expect(parsed.tasks).toEqual([]);
    expect(parsed.lesson).toBeUndefined();
    expect(isPlayground({ spec: parsed })).toBe(true);
    expect(isPlayground({ spec: labSpecSchema.parse(spec) })).toBe(false);
  });

  it("refuses tasks, a lesson, fewer than every lab image, and any other kind", () => {
    expect(messages({ ...playground, tasks: [task], lesson: spec.lesson })).toEqual([
      "lesson: the playground belongs to no lesson: leave lesson out",
      "tasks: the playground has no tasks: leave tasks out",
    ]);
    expect(messages({ ...playground, images: ["python:3.11-slim"] })).toEqual([
      `images: the playground starts with every lab image; add ${LAB_IMAGES.slice(1).join(", ")}`,
    ]);
    expect(messages({ ...spec, kind: "sandbox" })).toEqual([expect.stringMatching(/^kind: /)]);
  });
});
