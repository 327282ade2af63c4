import { validateCourse } from "../lib/course-checks/validate-course";
import { listExercises } from "../lib/exercises/load-exercise";
import { listLabs } from "../lib/labs/load-lab";
import { writeSearchIndex } from "../lib/search/write-search-index";
import { checkExerciseContent } from "../sandbox-runner/verify/check-exercise-content";

/**
 * The content validation and build: validates every module, lesson, quiz and
 * exercise spec, compiles all MDX into the content cache (so the production
 * server serves compiled lessons from the first request on) and writes the
 * search index. Exercises are proven in the real engine by
 * `npm run verify-exercises`; `npm run validate-content` runs both.
 */
const started = performance.now();
// A broken exercise.yaml or lab.yaml stops the listing; its message already names the file and line, so no stack trace.
const stop = (err: Error): never => {
  console.error(`[dockyard] content problem:\n  ${err.message.replaceAll("\n", "\n  ")}`);
  process.exit(1);
};
const exercises = await listExercises().catch(stop);
const labs = await listLabs().catch(stop);
const { course, problems } = await validateCourse(exercises, undefined, labs);
problems.push(...(await Promise.all(exercises.map(checkExerciseContent))).flat());
if (problems.length || !course) {
  console.error(`[dockyard] ${problems.length} content problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
const index = await writeSearchIndex();
console.log(
  `[dockyard] content ok: ${course.modules.length} module(s), ${course.lessons.length} lesson(s), ` +
    `${course.lessons.filter((l) => l.quizFile).length} quiz(zes), ${exercises.length} exercise(s), ` +
    `${labs.length} lab(s), ` +
    `${index.engine.index.length} search terms in ${Math.round(performance.now() - started)} ms`,
);
