/**
 * What the shell host takes from lib/: the exercise a shell opens on and the shell's limits. Imported only by
 * shell/ (test-support/layers.test.ts).
 */
export { typedSql } from "../../lib/db/typed-sql";
export { loadExercise } from "../../lib/exercises/load-exercise";
export { formatMiB } from "../../lib/format/bytes";
export { SHELL_LIMITS } from "../../lib/shell/shell-limits";
