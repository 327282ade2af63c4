import { isDeepStrictEqual } from "node:util";
import { isPlayground, type LabSpec } from "./lab-schema";

/**
 * What a lab's tasks must say about themselves beyond their schema, checked before content CI runs the lab
 * (sandbox-runner/verify/verify-lab.ts) and over the course by a unit test: the mistakes that turned tasks green
 * for learners who had not done them. Each problem names the task and what to change. The playground has no tasks;
 * what its goal must say is checked instead (playgroundProblems).
 */
export function lintLab(spec: LabSpec): string[] {
  if (isPlayground({ spec })) return playgroundProblems(spec);
  const problems: string[] = [];
  for (const [i, task] of spec.tasks.entries()) {
    // A goal that asks for the background and checks nothing of it passes `docker run` without -d.
    if (/\bin the background\b/i.test(task.goal) && !task.checks.some((c) => "detached" in c && c.detached))
      problems.push(
        `task ${task.id}: its goal asks for the background, but no check has detached: true (a container or ` +
          "Compose service started without -d would pass)",
      );
    // Two tasks with the same checks turn green together, unless the later one needs a task between them.
    for (const [j, earlier] of spec.tasks.slice(0, i).entries()) {
      if (!isDeepStrictEqual(earlier.checks, task.checks)) continue;
      const between = new Set(spec.tasks.slice(j + 1, i).map((t) => t.id));
      if (!task.needs.some((id) => between.has(id)))
        problems.push(
          `task ${task.id}: its checks are those of task ${earlier.id}, so it turns green with it; make it need ` +
            "a task between the two (needs:), or check what tells them apart",
        );
    }
  }
  return problems;
}

/**
 * The playground's goal is the learner's list of what they have: it names every image the playground starts with by
 * its full name, so an image added to the lab images (and so to the playground's) cannot go unsaid.
 */
function playgroundProblems(spec: LabSpec): string[] {
  return spec.images
    .filter((image) => !spec.goal.includes(image))
    .map((image) => `the playground's goal does not name ${image}, which it starts with: say what the learner has`);
}
