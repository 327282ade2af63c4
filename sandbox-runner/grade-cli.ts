import { gradeDirectory, parseGradeArgs } from "./cli/grade-command";
import { PlatformFault, RequestError } from "./grading/lib";

/** `npm run grade -- <exercise> <dir> [--json] [--verbose]`: exit 0 passed, 1 failed, 2 could not grade. */
try {
  const result = await gradeDirectory(
    parseGradeArgs(process.argv.slice(2)),
    (t) => process.stdout.write(t),
    (t) => process.stderr.write(t),
  );
  process.exitCode = result.status === "passed" ? 0 : 1;
} catch (err) {
  // Our own errors say what is wrong in a sentence; anything else needs its stack.
  const known = err instanceof RequestError || err instanceof PlatformFault;
  process.stderr.write(`grade: ${known ? err.message : (err as Error).stack}\n`);
  process.exitCode = 2;
}
