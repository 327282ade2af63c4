import Link from "next/link";
import { ModuleLessons } from "@/components/course/module-lessons";
import { CourseProgress } from "@/components/course/progress-marks";
import { loadCourse } from "@/lib/content/load-course";
import { exerciseLinksByLesson } from "@/lib/exercises/exercise-links";
import { listExercises } from "@/lib/exercises/load-exercise";

/** The same for every reader, so it is prerendered; a signed-in learner's progress fills in in the browser. */
export default async function HomePage() {
  const [course, exercises] = await Promise.all([loadCourse(), listExercises()]);
  const hours = Math.round(course.lessons.reduce((sum, l) => sum + l.minutes, 0) / 60);
  const stats =
    `${course.modules.length} modules · ${course.lessons.length} lessons · ` +
    `${exercises.length} graded exercises · about ${hours} hours of reading`;
  const exercisesByLesson = exerciseLinksByLesson(exercises);

  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-4xl font-bold tracking-tight">Docker for machine learning</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Read a lesson, check yourself with a quiz, then write a Dockerfile that a real Docker engine builds and grades.
      </p>
      <p className="mt-2 text-sm text-slate-500 dark:text-slate-400" data-testid="course-stats">
        {stats}
      </p>
      <CourseProgress lessons={course.lessons.map(({ slug, title }) => ({ slug, title }))} />
      {course.modules.map((module, m) => (
        <section key={module.slug} className="mt-10" aria-labelledby={`module-${module.slug}`}>
          <h2 id={`module-${module.slug}`} className="text-2xl font-semibold">
            <Link href={`/modules/${module.slug}`} className="hover:underline">
              <span className="text-slate-500 dark:text-slate-400">{m + 1}.</span> {module.title}
            </Link>
          </h2>
          <p className="mt-1 text-slate-600 dark:text-slate-400">{module.summary}</p>
          <ModuleLessons module={module} exercisesByLesson={exercisesByLesson} />
        </section>
      ))}
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
