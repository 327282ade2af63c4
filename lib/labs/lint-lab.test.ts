import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlFile } from "../content/parse-yaml-file";
import { labSpecSchema } from "./lab-schema";
import { lintLab } from "./lint-lab";
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
      found[file.replace(/\.yaml$/, "")] = lintLab(spec).map((p) => p.split(":")[0]!);
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
    expect(lintLab(spec).filter((p) => p.startsWith("task roll-back"))).toEqual([]);
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
