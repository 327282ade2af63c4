import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { listExercises } from "@/lib/exercises/load-exercise";
import { completedLessons } from "@/lib/progress/lesson-progress";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [course, exercises, user] = await Promise.all([loadCourse(), listExercises(), currentUser()]);
  const done = user ? await completedLessons(user.id) : new Set<string>();
  return (
    <>
      <h1 className="text-4xl font-bold tracking-tight">Docker for machine learning</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Read a lesson, check yourself with a quiz, then write a Dockerfile that a real Docker engine builds and grades.
      </p>
      {course.modules.map((module) => {
        const completed = module.lessons.filter((l) => done.has(l.slug)).length;
        return (
          <section key={module.slug} className="mt-10" aria-labelledby={`module-${module.slug}`}>
            <h2 id={`module-${module.slug}`} className="text-2xl font-semibold">{module.title}</h2>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{module.summary}</p>
            {user && <p className="mt-1 text-sm text-slate-500">{completed} of {module.lessons.length} lessons completed</p>}
            <ol className="mt-4 space-y-2">
              {module.lessons.map((lesson) => (
                <li key={lesson.slug}>
                  <Link href={`/lessons/${lesson.slug}`} className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800">
                    <span className="font-medium">{lesson.title}</span>
                    {done.has(lesson.slug) && <span className="ml-2 text-sm text-emerald-600">✓ completed</span>}
                    <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{lesson.summary}</span>
                  </Link>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
      <section className="mt-10" aria-labelledby="exercises">
        <h2 id="exercises" className="text-2xl font-semibold">Exercises</h2>
        <ul className="mt-4 space-y-2">
          {exercises.map((exercise) => (
            <li key={exercise.slug}>
              <Link href={`/exercises/${exercise.slug}`} className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800">
                <span className="font-medium">{exercise.spec.title}</span>
                <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{exercise.spec.summary}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
