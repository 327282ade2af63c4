import { isDeepStrictEqual } from "node:util";
import type { LabCheck } from "./lab-check-schema";
import { isPlayground, type LabSpec, type LabTask, WRONG_ATTEMPT_KINDS } from "./lab-schema";

/** Which rule found a problem: tests pick the rules they are about. */
export type LabLintRule = "background" | "twins" | "goal-words" | "goal-asks" | "wrong-attempts" | "spellings";

export interface LabLintProblem {
  rule: LabLintRule;
  message: string;
}

/** Wrong attempts content CI replays per task at least, and the kinds among them at least. */
export const MIN_WRONG_ATTEMPTS = 6;
export const MIN_WRONG_ATTEMPT_KINDS = 3;

/**
 * What a lab's tasks must say about themselves beyond their schema, checked before content CI runs the lab
 * (sandbox-runner/verify/verify-lab.ts) and over the course by a unit test: the mistakes that turned tasks green
 * for learners who had not done them. Each problem names the task and what to change. The playground has no tasks;
 * what its goal must say is checked instead (playgroundProblems).
 */
export function lintLab(spec: LabSpec): string[] {
  return labLintProblems(spec).map((p) => p.message);
}

export function labLintProblems(spec: LabSpec): LabLintProblem[] {
  if (isPlayground({ spec })) return playgroundProblems(spec).map((message) => ({ rule: "goal-words", message }));
  const problems: LabLintProblem[] = [];
  for (const [i, task] of spec.tasks.entries()) {
    const problem = (rule: LabLintRule, message: string) =>
      problems.push({ rule, message: `task ${task.id}: ${message}` });
    // A goal that asks for the background and checks nothing of it passes `docker run` without -d.
    if (/\bin the background\b/i.test(task.goal) && !task.checks.some((c) => "detached" in c && c.detached))
      problem(
        "background",
        "its goal asks for the background, but no check has detached: true (a container or Compose service started " +
          "without -d would pass)",
      );
    // Two tasks with the same checks turn green together, unless the later one needs a task between them.
    for (const [j, earlier] of spec.tasks.slice(0, i).entries()) {
      if (!isDeepStrictEqual(earlier.checks, task.checks)) continue;
      const between = new Set(spec.tasks.slice(j + 1, i).map((t) => t.id));
      if (!task.needs.some((id) => between.has(id)))
        problem(
          "twins",
          `its checks are those of task ${earlier.id}, so it turns green with it; make it need a task between the ` +
            "two (needs:), or check what tells them apart",
        );
    }
    for (const message of goalWordProblems(task)) problem("goal-words", message);
    for (const message of goalAskProblems(task)) problem("goal-asks", message);
    for (const message of wrongAttemptProblems(task)) problem("wrong-attempts", message);
    if (task.spellings.length === 0)
      problem(
        "spellings",
        "its right answer has one spelling only: add one under spellings: in another form a competent learner uses " +
          "(docker container run, --mount, up --wait), so a check that reads only one form is caught",
      );
  }
  return problems;
}

const normal = (text: string): string => text.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Every check's goalWords are words of the goal, and every `backticked` name in the goal is one that a check stands
 * for (or, said in `context:`, asks for nothing): a goal that names a port, a flag or a name no check reads is a goal
 * a learner can be given green without meeting.
 */
function goalWordProblems(task: LabTask): string[] {
  const problems: string[] = [];
  const goal = normal(task.goal);
  const claimed = task.checks.flatMap((c) => c.goalWords.map(normal));
  for (const words of claimed)
    if (!goal.includes(words)) problems.push(`goalWords "${words}" are not words of its goal: copy them as written`);
  const context = task.context.map(normal);
  for (const match of task.goal.matchAll(/`([^`\n]+)`/g)) {
    const named = normal(match[1]!);
    if (claimed.some((w) => w.includes(named)) || context.some((w) => w.includes(named))) continue;
    problems.push(
      `its goal names \`${match[1]}\`, which no check stands for: put the goal's words in the goalWords of the ` +
        "check that reads it, or in the task's context: when the goal asks nothing of it",
    );
  }
  return problems;
}

type Asks = { words: RegExp; checked: (c: LabCheck) => boolean; field: string };

/** Words of a goal that ask for something only one kind of evidence shows, and the check field that reads it. */
const GOAL_ASKS: Asks[] = [
  {
    words: /\b127\.0\.0\.1\b/,
    checked: (c) =>
      (c.kind === "container" || c.kind === "compose-service") && c.publishes.some((p) => p.hostIp !== undefined),
    field: "a container or Compose service check's publishes with hostIp",
  },
  {
    words: /\bread-only\b/i,
    checked: (c) => (c.kind === "container" || c.kind === "compose-service") && c.mounts.some((m) => m.readOnly),
    field: "a mount with readOnly: true",
  },
  {
    words: /\brestart policy\b/i,
    checked: (c) => c.kind === "container" && c.restart !== undefined,
    field: "a container check's restart",
  },
  {
    words: /\bSIGTERM\b|\bcleanly\b|\bpolite/i,
    checked: (c) => c.kind === "container" && c.endedBy === "stop",
    field: "a container check's endedBy: stop",
  },
  {
    words: /^\s*(kill|docker kill)\b|\bkill (it|the)\b/im,
    checked: (c) => c.kind === "container" && c.endedBy === "kill",
    field: "a container check's endedBy: kill",
  },
  {
    words: /\bbuild (the|an|a|it|your)\b|^\s*build\s+`/im,
    checked: (c) => c.kind === "image" && c.built === true,
    field: "an image check's built: true",
  },
  {
    words: /\bno step adds more than\b/i,
    checked: (c) => c.kind === "image" && c.maxStepMB !== undefined,
    field: "an image check's maxStepMB (the SIZE column of docker history)",
  },
  {
    words: /\bat most \d+(\.\d+)? MB in all\b|\bFROM scratch\b/i,
    checked: (c) => c.kind === "image" && c.maxMB !== undefined,
    field: "an image check's maxMB (the whole image, its base included)",
  },
  {
    words: /--build-arg|\bbuild argument/i,
    checked: (c) => c.kind === "image" && c.labels !== undefined,
    field: "an image check's labels (read from the build's LABEL steps)",
  },
  {
    words: /\bpull (it|the|them)\b|\bpulled\b/i,
    checked: (c) => c.kind === "image" && c.pulled === true,
    field: "an image check's pulled: true",
  },
  {
    words: /\bdepends_on\b|\bonly (once|when|after) .{0,40}\bhealthy\b/i,
    checked: (c) => c.kind === "compose-service" && c.dependsOn !== undefined,
    field: "a compose-service check's dependsOn",
  },
  {
    words: /\bthe very manifest\b|\bsame (manifest|digest)\b/i,
    checked: (c) => c.kind === "registry-tag" && c.sameManifestAs !== undefined,
    field: "a registry-tag check's sameManifestAs (the digests the registry serves, compared)",
  },
  {
    words: /\blinux\/(arm64|amd64|arm\/v\d)\b|\bfor (both|each|every) platform/i,
    checked: (c) => (c.kind === "image" && c.platform !== undefined) || (c.kind === "registry-tag" && !!c.platforms),
    field: "an image check's platform or a registry-tag check's platforms (what each image was built for)",
  },
  {
    words: /\bdocker (compose )?exec\b|\binside the running\b/i,
    checked: (c) => (c.kind === "container" || c.kind === "compose-service") && c.exec === true,
    field: "an exec: true (the exec must have ended with code 0)",
  },
];

function goalAskProblems(task: LabTask): string[] {
  return GOAL_ASKS.filter((ask) => ask.words.test(task.goal) && !task.checks.some(ask.checked)).map(
    (ask) =>
      `its goal says "${task.goal.match(ask.words)?.[0]?.trim()}", which only ${ask.field} reads: add it, or ` +
      "reword the goal if it asks nothing of the sort",
  );
}

function wrongAttemptProblems(task: LabTask): string[] {
  const problems: string[] = [];
  if (task.tries.length < MIN_WRONG_ATTEMPTS)
    problems.push(
      `it has ${task.tries.length} wrong attempts under tries:, and content CI replays at least ` +
        `${MIN_WRONG_ATTEMPTS}: another route to the same end, a flag the goal names left out, the wrong order, a ` +
        "command that failed, a typo",
    );
  const unkinded = task.tries.filter((t) => t.kind === undefined).length;
  if (unkinded > 0) problems.push(`${unkinded} of its wrong attempts say no kind: (${WRONG_ATTEMPT_KINDS.join(", ")})`);
  const kinds = new Set(task.tries.flatMap((t) => (t.kind ? [t.kind] : [])));
  if (task.tries.length >= MIN_WRONG_ATTEMPTS && kinds.size < MIN_WRONG_ATTEMPT_KINDS)
    problems.push(
      `its wrong attempts are of ${kinds.size} kind${kinds.size === 1 ? "" : "s"} (${[...kinds].join(", ")}); ` +
        `choose them from at least ${MIN_WRONG_ATTEMPT_KINDS} of ${WRONG_ATTEMPT_KINDS.join(", ")}`,
    );
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
