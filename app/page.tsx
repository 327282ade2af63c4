import Link from "next/link";
import { ModuleProgress } from "@/components/course/module-progress";
import { currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { listExercises } from "@/lib/exercises/load-exercise";
import { completedLessons } from "@/lib/progress/lesson-progress";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [course, exercises, user] = await Promise.all([loadCourse(), listExercises(), currentUser()]);
  const done = user ? await completedLessons(user.id) : undefined;
  const next = done ? course.lessons.find((l) => !done.has(l.slug)) : course.lessons[0];
  const hours = Math.round(course.lessons.reduce((sum, l) => sum + l.minutes, 0) / 60);
  const stats =
    `${course.modules.length} modules · ${course.lessons.length} lessons · ` +
    `${exercises.length} graded exercises · about ${hours} hours of reading`;
  const exercisesByLesson = new Map<string, typeof exercises>();
  for (const exercise of exercises) {
    const key = exercise.spec.lesson ?? "";
    exercisesByLesson.set(key, [...(exercisesByLesson.get(key) ?? []), exercise]);
  }

  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-4xl font-bold tracking-tight">Docker for machine learning</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Read a lesson, check yourself with a quiz, then write a Dockerfile that a real Docker engine builds and grades.
      </p>
      <p className="mt-2 text-sm text-slate-500" data-testid="course-stats">
        {stats}
      </p>
      {done && (
        <section
          aria-label="Your progress"
          className="mt-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
        >
          <ModuleProgress completed={done.size} total={course.lessons.length} label="Whole course" />
          {next ? (
            <Link
              href={`/lessons/${next.slug}`}
              className="mt-2 inline-block font-medium text-brand-600 underline dark:text-sky-300"
              data-testid="continue"
            >
              Continue: {next.title} →
            </Link>
          ) : (
            <p className="mt-2 font-medium text-emerald-600">You have completed every lesson.</p>
          )}
        </section>
      )}
      {course.modules.map((module, m) => {
        const completed = module.lessons.filter((l) => done?.has(l.slug)).length;
        return (
          <section key={module.slug} className="mt-10" aria-labelledby={`module-${module.slug}`}>
            <h2 id={`module-${module.slug}`} className="text-2xl font-semibold">
              <span className="text-slate-400">{m + 1}.</span> {module.title}
            </h2>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{module.summary}</p>
            {done && (
              <div className="mt-2" data-testid={`progress-${module.slug}`}>
                <ModuleProgress completed={completed} total={module.lessons.length} label={module.title} />
                <span className="sr-only">
                  {completed} of {module.lessons.length} lessons completed
                </span>
              </div>
            )}
            <ol className="mt-4 space-y-2">
              {module.lessons.map((lesson) => (
                <li key={lesson.slug}>
                  <Link
                    href={`/lessons/${lesson.slug}`}
                    className={
                      "block rounded-lg border border-slate-200 p-4 hover:border-brand-500 " + "dark:border-slate-800"
                    }
                  >
                    <span className="font-medium">{lesson.title}</span>
                    <span className="ml-2 text-xs text-slate-500">{lesson.minutes} min</span>
                    {done?.has(lesson.slug) && <span className="ml-2 text-sm text-emerald-600">✓ completed</span>}
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
                      <span className="font-medium">Graded exercise:</span> {exercise.spec.title}
                    </Link>
                  ))}
                </li>
              ))}
            </ol>
          </section>
        );
      })}
      <section className="mt-10" aria-labelledby="exercises">
        <h2 id="exercises" className="text-2xl font-semibold">
          All graded exercises
        </h2>
        <ul className="mt-4 space-y-2">
          {exercises.map((exercise) => (
            <li key={exercise.slug}>
              <Link
                href={`/exercises/${exercise.slug}`}
                className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800"
              >
                <span className="font-medium">{exercise.spec.title}</span>
                <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{exercise.spec.summary}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
