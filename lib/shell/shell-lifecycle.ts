/**
 * The shell lifecycle: its states and the moves between them. Free of imports so browser code can use it;
 * `moveShell` in ./shell-store.ts is the only code that moves a stored shell, and it checks every move here.
 */

/** Mirrors the ShellStatus enum in prisma/schema.prisma. */
export const SHELL_STATUSES = ["requested", "starting", "open", "closed"] as const;
export type ShellStatus = (typeof SHELL_STATUSES)[number];

/** A shell in one of these states counts against its opener's limit and holds (or will hold) a container. */
export const LIVE_SHELL_STATUSES = ["requested", "starting", "open"] as const satisfies readonly ShellStatus[];

export const SHELL_TRANSITIONS: Readonly<Record<ShellStatus, readonly ShellStatus[]>> = {
  // A runner on the image's engine claims it; "closed" when none does in time or its opener gives up.
  requested: ["starting", "closed"],
  // The container started ("open"), or could not (no shell in the image, engine trouble).
  starting: ["open", "closed"],
  open: ["closed"],
  closed: [],
};

export function canMoveShell(from: ShellStatus, to: ShellStatus): boolean {
  return SHELL_TRANSITIONS[from].includes(to);
}

export function isLiveShell(status: string): boolean {
  return (LIVE_SHELL_STATUSES as readonly string[]).includes(status);
}
