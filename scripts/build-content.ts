import { loadCourse } from "../lib/content/load-course";
import { loadLesson } from "../lib/content/load-lesson";
import { AppError } from "../lib/errors/app-error";
import { listExercises } from "../lib/exercises/load-exercise";
import { LESSONS } from "../lib/grading/checks/lessons";
import { checkExerciseContent } from "../sandbox-runner/verify/check-exercise-content";

/**
 * Validates every lesson, quiz and exercise spec and compiles all MDX into the
 * content cache, so the production server serves compiled lessons from the
 * first request on.
 */
const started = performance.now();
const course = await loadCourse();
for (const lesson of course.lessons) await loadLesson(lesson.slug);
const exercises = await listExercises();
const problems = (await Promise.all(exercises.map(checkExerciseContent))).flat();
if (problems.length) throw new AppError("CONTENT_INVALID", `exercise content problems:\n  ${problems.join("\n  ")}`);
console.log(
  `[dockyard] content ok: ${course.modules.length} module(s), ${course.lessons.length} lesson(s), ${exercises.length} exercise(s) in ${Math.round(performance.now() - started)} ms`,
);

// The grader links every finding to a lesson; list the ones the course does not have yet.
const missing = Object.values(LESSONS).filter((slug) => !course.lessons.some((l) => l.slug === slug));
if (missing.length) console.log(`[dockyard] note: ${missing.length} lesson(s) the grader links to are not written yet: ${missing.join(", ")}`);
