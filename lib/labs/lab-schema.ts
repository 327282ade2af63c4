import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { labCheckSchema } from "./lab-check-schema";

/**
 * A lab as course data (`content/labs/<slug>/lab.yaml`, its files in `files/`, copied into the lab's home): a goal
 * and ordered tasks, each checked against the lab engine's real state while the lab is open. Content CI runs every
 * task's `solution` in a real lab and every `tries` entry on a state that should trigger its hint.
 *
 * One lab is the playground (`kind: playground`, content/labs/playground): a Docker host of the learner's own to try
 * anything on, with every lab image and no tasks, so no progress, no grade and no lesson of its own. Every other lab
 * belongs to a lesson and has at least one task.
 */

/** The lab's own registry, inside the lab: what the registries lab pushes to and deploys from. */
export const LAB_REGISTRY = "localhost:5000";

/** Images a lab engine may start with, loaded from the course's seeded images (no lab can pull from anywhere). */
export const LAB_IMAGES = [
  "python:3.11-slim",
  "debian:bookworm-slim",
  "dockyard/redis:7.0.15-bookworm",
  "dockyard/registry:2.8.2-bookworm",
] as const;

/** A lesson, optionally at one of its headings: `running-containers-and-volumes#named-volumes`. */
const lessonLink = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:#[a-z0-9-]+)?$/, "a lesson slug, optionally with #heading-anchor");

/** Shell commands, run in the lab's terminal as the learner would type them (bash, `set -e`). */
const commands = z.string().min(1).max(4000);

/**
 * The kinds of wrong attempt content CI replays for every task (lintLab asks for several kinds): another route to the
 * same end state (a tag, an import, a create, another command), a flag the goal names left out, the right steps in
 * the wrong order, a command that failed, a typo.
 */
export const WRONG_ATTEMPT_KINDS = ["route", "flag", "order", "failed", "typo"] as const;

/**
 * A wrong attempt (content CI runs it): it must turn no task green, and where `hint` is given, the task must show a
 * hint containing it in the state `run` leaves.
 */
const trySchema = z
  .object({
    /** Absent in labs written before kinds were asked for: lintLab then asks for them. */
    kind: z.enum(WRONG_ATTEMPT_KINDS).optional(),
    /** What the learner did wrong, as commands. */
    run: commands,
    /** Text the task's hint must contain in the state `run` leaves; absent where the hint may be any. */
    hint: z.string().min(3).max(200).optional(),
    /** Commands that put the lab back as it was before `run`, so the solution can follow. */
    undo: commands.optional(),
  })
  .strict();

const taskSchema = z
  .object({
    id: slugSchema,
    title: z.string().min(3).max(100),
    /** What the learner must achieve (Markdown), never the command itself. */
    goal: z.string().min(10).max(2000),
    /**
     * Words of the goal that ask for nothing to check (a file to read, the lesson's vocabulary): every other
     * `backticked` name in the goal must be in some check's goalWords (lintLab).
     */
    context: z.array(z.string().min(1).max(200)).max(12).default([]),
    lesson: lessonLink.optional(),
    /**
     * Earlier tasks this one builds on: it is not judged until they are done, so a state that happens to pass its
     * checks before them (a container not yet started is also "removed") cannot turn it green.
     */
    needs: z.array(slugSchema).max(11).default([]),
    checks: z.array(labCheckSchema).min(1).max(8),
    /** Commands that achieve the task from the state the earlier tasks' solutions leave. */
    solution: commands,
    /**
     * The task done again in other spellings the lab accepts (`docker container run`, `--mount`, `up --wait`): after
     * the solution, `undo` clears what it made and `run` must turn the task green for a judge that has seen the lab
     * so far (content CI). The state a spelling leaves is the one the later tasks start from.
     */
    spellings: z
      .array(z.object({ undo: commands, run: commands }).strict())
      .max(4)
      .default([]),
    tries: z.array(trySchema).max(12).default([]),
  })
  .strict();

export const labSpecSchema = z
  .object({
    title: z.string().min(3).max(100),
    summary: z.string().min(10).max(300),
    /** `playground` for the playground (see above); absent for a lab of tasks. */
    kind: z.literal("playground").optional(),
    /**
     * The lesson the lab belongs to: it is listed in that lesson's module and linked from the lesson. Every lab but
     * the playground has one; the playground has none.
     */
    lesson: slugSchema.optional(),
    difficulty: z.enum(["beginner", "intermediate", "advanced"]).optional(),
    minutes: z.number().int().min(5).max(120),
    /** The situation and the goal (Markdown), shown above the tasks. */
    goal: z.string().min(10).max(4000),
    images: z.array(z.enum(LAB_IMAGES)).min(1).max(LAB_IMAGES.length).default(["python:3.11-slim"]),
    /** At least one, except in the playground, which has none. */
    tasks: z
      .array(taskSchema)
      .max(12)
      .default([])
      .superRefine((tasks, ctx) => {
        const seen = new Set<string>();
        for (const [i, task] of tasks.entries()) {
          if (seen.has(task.id))
            ctx.addIssue({ code: "custom", path: [i, "id"], message: `task id "${task.id}" is used twice` });
          for (const [j, need] of task.needs.entries())
            if (!seen.has(need))
              ctx.addIssue({
                code: "custom",
                path: [i, "needs", j],
                message: `task "${task.id}" needs "${need}", which is not a task before it`,
              });
          seen.add(task.id);
        }
      }),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (spec.kind !== "playground") {
      if (!spec.lesson) problem(["lesson"], "a lab belongs to a lesson: name it (only the playground has none)");
      if (spec.tasks.length === 0)
        problem(["tasks"], "a lab has at least one task (only the playground, kind: playground, has none)");
      return;
    }
    if (spec.lesson) problem(["lesson"], "the playground belongs to no lesson: leave lesson out");
    if (spec.tasks.length > 0) problem(["tasks"], "the playground has no tasks: leave tasks out");
    const missing = LAB_IMAGES.filter((image) => !spec.images.includes(image));
    if (missing.length > 0)
      problem(["images"], `the playground starts with every lab image; add ${missing.join(", ")}`);
  });

export type LabSpec = z.infer<typeof labSpecSchema>;
export type LabTask = LabSpec["tasks"][number];
export type LabImage = (typeof LAB_IMAGES)[number];

/**
 * Whether the lab is the playground: no tasks, so no progress, no gradebook column, no assignment and no lesson.
 * The one test of it, for every list of labs that must leave it out.
 */
export function isPlayground(lab: { spec: Pick<LabSpec, "kind"> }): boolean {
  return lab.spec.kind === "playground";
}
