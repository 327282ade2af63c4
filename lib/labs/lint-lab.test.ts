import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlFile } from "../content/parse-yaml-file";
import { labSpecSchema } from "./lab-schema";
import { labLintProblems, lintLab } from "./lint-lab";
import { listLabs, loadLab } from "./load-lab";

/** The course's seven lab.yaml files as they were when issue 33 found tasks turning green that were not done. */
const BEFORE = path.join(import.meta.dirname, "testing/labs-before-issue-33");

describe("lintLab", () => {
  it("finds nothing in the course's labs", async () => {
    for (const lab of await listLabs(path.resolve("content"))) expect(lintLab(lab.spec), lab.slug).toEqual([]);
  });

  it("names each task of the labs before issue 33 that a learner could pass without doing it", async () => {
    const found: Record<string, string[]> = {};
    for (const file of (await readdir(BEFORE)).sort()) {
      const spec = await parseYamlFile(path.join(BEFORE, file), labSpecSchema);
      // The false greens of issue 33's time: a background never checked, twin tasks (later rules ask more of them).
      found[file.replace(/\.yaml$/, "")] = labLintProblems(spec)
        .filter((p) => p.rule === "background" || p.rule === "twins")
        .map((p) => p.message.split(":")[0]!);
    }
    expect(found).toEqual({
      "compose-api-and-cache": ["task start"],
      "connect-services-on-networks": ["task run-features", "task run-api"],
      "debug-a-crashing-container": ["task reproduce", "task look-inside"],
      "keep-model-files": ["task serve"],
      // Task 7 checks what task 4 checks: it went green with it.
      "push-and-roll-back": ["task run-registry", "task deploy-by-digest", "task roll-back"],
      // Its false greens (prunes with nothing pruned) are the judge's to refuse: task-judge.test.ts.
      "reclaim-disk-space": [],
      "run-a-model-server": ["task run", "task restart-policy"],
    });
  });

  it("accepts repeated checks once the later task needs one in between", async () => {
    const spec = await parseYamlFile(path.join(BEFORE, "push-and-roll-back.yaml"), labSpecSchema);
    const rollBack = spec.tasks.find((t) => t.id === "roll-back")!;
    rollBack.needs = ["deploy-1-1"];
    const twins = labLintProblems(spec).filter((p) => p.rule === "twins" && p.message.startsWith("task roll-back"));
    expect(twins).toEqual([]);
  });

  it("holds the playground's goal to naming every image it starts with, by its full name", async () => {
    const { spec } = await loadLab("playground", path.resolve("content"));
    expect(lintLab(spec)).toEqual([]);
    const goal = spec.goal.replace("`dockyard/redis:7.0.15-bookworm` (also tagged `redis:7`)", "`redis:7`");
    expect(lintLab({ ...spec, goal })).toEqual([
      "the playground's goal does not name dockyard/redis:7.0.15-bookworm, which it starts with: say what the " +
        "learner has",
    ]);
  });
});

describe("lintLab: every word of a goal is checked, and wrong attempts are many and of many kinds", () => {
  const tries = (kinds: string[]) => kinds.map((kind) => ({ kind, run: "docker ps" }));
  const spec = (task: Record<string, unknown>) =>
    labSpecSchema.parse({
      title: "A lab",
      summary: "A lab for the linter's rules.",
      lesson: "running-containers-and-volumes",
      minutes: 10,
      goal: "Run a server.",
      tasks: [
        {
          id: "run",
          title: "Run it",
          goal: "Start `model` in the background, port 8000 on `127.0.0.1` only, mounting `models` read-only.",
          checks: [
            {
              kind: "container",
              name: "model",
              goalWords: ["`model` in the background", "port 8000 on `127.0.0.1`", "mounting `models` read-only"],
              detached: true,
              publishes: [{ port: 8000, hostIp: "127.0.0.1" }],
              mounts: [{ volume: "models", target: "/models", readOnly: true }],
            },
          ],
          solution: "docker run -d --name model -p 127.0.0.1:8000:8000 -v models:/models:ro model-server:1.0",
          spellings: [{ undo: "docker rm -f model", run: "docker container run --detach --name model …" }],
          tries: tries(["route", "flag", "order", "failed", "typo", "flag"]),
          ...task,
        },
      ],
    });
  const rules = (s: ReturnType<typeof spec>) => labLintProblems(s).map((p) => `${p.rule}: ${p.message}`);

  it("passes a task whose checks stand for its goal's every name and ask", () => {
    expect(rules(spec({}))).toEqual([]);
  });

  it("names a backticked word of the goal no check stands for, and goal words that are not the goal's", () => {
    const [check] = spec({}).tasks[0]!.checks;
    const unclaimed = spec({ checks: [{ ...check, goalWords: ["`model` in the background"] }] });
    expect(rules(unclaimed)).toEqual([
      expect.stringMatching(/^goal-words: task run: its goal names `127\.0\.0\.1`, which no check stands for/),
      expect.stringMatching(/^goal-words: task run: its goal names `models`, which no check stands for/),
    ]);
    // Said in context:, a name asks nothing.
    expect(
      rules(
        spec({ checks: [{ ...check, goalWords: ["`model` in the background"] }], context: ["127.0.0.1", "models"] }),
      ),
    ).toEqual([]);
    const invented = spec({ checks: [{ ...check, goalWords: [...check!.goalWords, "on any port"] }] });
    expect(rules(invented)).toEqual([expect.stringContaining('goalWords "on any port" are not words of its goal')]);
  });

  it("asks for the check field that reads what the goal's words ask: a read-only mount, a bound address", () => {
    const [check] = spec({}).tasks[0]!.checks;
    if (check?.kind !== "container") throw new Error("a container check");
    const writable = spec({ checks: [{ ...check, mounts: [{ volume: "models", target: "/models" }] }] });
    expect(rules(writable)).toEqual([expect.stringMatching(/^goal-asks: task run: its goal says "read-only"/)]);
    const anyAddress = spec({ checks: [{ ...check, publishes: [{ port: 8000 }] }] });
    expect(rules(anyAddress)).toEqual([expect.stringMatching(/^goal-asks: task run: its goal says "127\.0\.0\.1"/)]);
  });

  it("asks an image goal's size words for the fields that measure them: a step's size, the whole image", () => {
    const image = (goal: string, extra: Record<string, unknown>) =>
      spec({
        goal,
        checks: [{ kind: "image", reference: "indexer:1.1", goalWords: ["indexer:1.1"], built: true, ...extra }],
      });
    const stepGoal = "Change the Dockerfile so no step adds more than 5 MB, and build it as `indexer:1.1`.";
    expect(rules(image(stepGoal, {}))).toEqual([
      expect.stringMatching(
        /^goal-asks: task run: its goal says "no step adds more than", which only an image check's maxStepMB/,
      ),
    ]);
    expect(rules(image(stepGoal, { maxStepMB: 5 }))).toEqual([]);
    const wholeGoal = "Build `indexer:1.1` FROM scratch: at most 1 MB in all.";
    expect(rules(image(wholeGoal, {}))).toEqual([
      expect.stringMatching(/maxMB \(the whole image, its base included\)/),
    ]);
    expect(rules(image(wholeGoal, { maxMB: 1 }))).toEqual([]);
  });

  it("asks for six wrong attempts of three kinds at least, each with its kind, and a second spelling", () => {
    expect(rules(spec({ tries: tries(["route", "route", "flag"]) }))).toEqual([
      expect.stringMatching(/^wrong-attempts: task run: it has 3 wrong attempts/),
    ]);
    expect(rules(spec({ tries: tries(["route", "route", "route", "flag", "flag", "flag"]) }))).toEqual([
      expect.stringMatching(/^wrong-attempts: task run: its wrong attempts are of 2 kinds \(route, flag\)/),
    ]);
    expect(rules(spec({ spellings: [] }))).toEqual([expect.stringMatching(/^spellings: task run: its right answer/)]);
  });
});
