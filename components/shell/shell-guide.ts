import { SHELL_LIMITS } from "@/lib/shell/shell-limits";

export type TryThis = { command: string; why: string };

/** The course's suggestions, for exercises that name none of their own (`shell.tryThese` in exercise.yaml). */
export const DEFAULT_TRY_THESE: readonly TryThis[] = [
  { command: "id", why: "Which user the image runs as, and its groups: the reason a file is unreadable shows here." },
  { command: "env", why: "The environment your ENV lines built: PATH, PYTHONPATH and friends." },
  { command: "ls -la", why: "What the working directory holds, and who owns each file." },
  {
    command: "ldd <binary or .so>",
    why: "Which shared libraries a compiled file needs; a missing one shows as “not found”.",
  },
  { command: 'python -c "import <module>"', why: "Reproduces an import error without starting the whole service." },
];

const minutes = (seconds: number) => `${Math.round(seconds / 60)} minutes`;

/** What a learner's shell may do and how long it lives, in the words shown beside the terminal. */
export function shellLimitsNote(readOnlyRootfs: boolean): string[] {
  const tmp = `${SHELL_LIMITS.tmpBytes / (1024 * 1024)} MB`;
  return [
    "No network: the container cannot reach the internet or other machines, as in the grader's run phase.",
    readOnlyRootfs
      ? `The image's files are read-only; /tmp is writable (up to ${tmp}). Changes vanish when the shell closes.`
      : `You can change the image's files (up to ${tmp} in all); changes vanish when the shell closes.`,
    `The shell closes after ${minutes(SHELL_LIMITS.idleSeconds)} without typing, or ` +
      `${minutes(SHELL_LIMITS.totalSeconds)} in all. Fixes go in your Dockerfile: submit again to have them graded.`,
    `Your image is kept for ${minutes(SHELL_LIMITS.imageKeepSeconds)} after grading; after that, submit again ` +
      "to get a shell.",
  ];
}
