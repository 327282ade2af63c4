import Link from "next/link";
import { CompletedMark, CourseProgress, LessonsProgress } from "@/components/course/progress-marks";
import { loadCourse } from "@/lib/content/load-course";
import { listExercises } from "@/lib/exercises/load-exercise";

/** The same for every reader, so it is prerendered; a signed-in learner's progress fills in in the browser. */
export default async function HomePage() {
  const [course, exercises] = await Promise.all([loadCourse(), listExercises()]);
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
      <CourseProgress lessons={course.lessons.map(({ slug, title }) => ({ slug, title }))} />
      {course.modules.map((module, m) => {
        return (
          <section key={module.slug} className="mt-10" aria-labelledby={`module-${module.slug}`}>
            <h2 id={`module-${module.slug}`} className="text-2xl font-semibold">
              <span className="text-slate-500">{m + 1}.</span> {module.title}
            </h2>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{module.summary}</p>
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
                    className={
                      "block rounded-lg border border-slate-200 p-4 hover:border-brand-500 " + "dark:border-slate-800"
                    }
                  >
                    <span className="font-medium">{lesson.title}</span>
                    <span className="ml-2 text-xs text-slate-500">{lesson.minutes} min</span>
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
