import Link from "next/link";
import type { ModuleEntry } from "@/lib/content/load-course";
import type { ExerciseLink } from "@/lib/exercises/exercise-links";
import { CompletedMark, ExerciseMark, LessonsProgress } from "./progress-marks";

/**
 * A module's lessons in order, each with the graded exercises it leads to, and the reader's progress (filled in by
 * the browser): the home page shows one per module, a module's own page shows its own.
 */
export function ModuleLessons({
  module,
  exercisesByLesson,
}: {
  module: ModuleEntry;
  exercisesByLesson: ReadonlyMap<string, ExerciseLink[]>;
}) {
  return (
    <>
      <LessonsProgress
        slugs={module.lessons.map((l) => l.slug)}
        label={module.title}
        testId={`progress-${module.slug}`}
      />
      <ol className="mt-4 space-y-2">
        {module.lessons.map((lesson) => (
          <li key={lesson.slug}>
            <Link
              href={`/lessons/${lesson.slug}`}
              className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800"
            >
              <span className="font-medium">{lesson.title}</span>
              <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">{lesson.minutes} min</span>
              <CompletedMark slug={lesson.slug} long />
              <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{lesson.summary}</span>
            </Link>
            {(exercisesByLesson.get(lesson.slug) ?? []).map((exercise) => (
              <Link
                key={exercise.slug}
                href={`/exercises/${exercise.slug}`}
                className={
                  "ml-6 mt-1 block rounded-lg border border-dashed border-slate-300 px-4 " +
                  "py-2 text-sm hover:border-brand-500 dark:border-slate-700"
                }
              >
                <span className="font-medium">Graded exercise:</span> {exercise.title}
                <ExerciseMark slug={exercise.slug} />
              </Link>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}
