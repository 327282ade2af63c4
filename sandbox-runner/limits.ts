/** Sandbox defaults from DESIGN.md; an exercise may lower them. */
export const BUILD_LIMITS = {
  wallSeconds: 300,
  memoryBytes: 2 * 1024 * 1024 * 1024,
  cpus: 1,
  outputBytes: 1024 * 1024,
} as const;

export const LABEL_SUBMISSION = "dockyard.submission";
export const LABEL_MANAGED = "dockyard.managed";
