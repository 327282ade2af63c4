import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ModuleLessons } from "@/components/course/module-lessons";
import { LabMark } from "@/components/course/progress-marks";
import { PageSection } from "@/components/instructor/page-section";
import { labPlaces } from "@/components/labs/lab-places";
import { loadCourse } from "@/lib/content/load-course";
import { exerciseLinksByLesson } from "@/lib/exercises/exercise-links";
import { listExercises } from "@/lib/exercises/load-exercise";
import { listLabs } from "@/lib/labs/load-lab";

// Every module is prerendered at build time, like the lessons; a slug that is not in the course is a 404.
export const dynamicParams = false;

export async function generateStaticParams() {
  return (await loadCourse()).modules.map(({ slug }) => ({ slug }));
}

async function moduleOr404(slug: string) {
  const course = await loadCourse();
  const index = course.modules.findIndex((m) => m.slug === slug);
  if (index < 0) notFound();
  return { course, index, module: course.modules[index]! };
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { module } = await moduleOr404((await params).slug);
  return { title: module.title, description: module.summary };
}

/** A module's overview: what it covers, its lessons and exercises, and (in the browser) the reader's progress. */
export default async function ModulePage({ params }: { params: Promise<{ slug: string }> }) {
  const [{ course, index, module }, exercises, allLabs] = await Promise.all([
    moduleOr404((await params).slug),
    listExercises(),
    listLabs(),
  ]);
  const labs = labPlaces(allLabs, course).filter((lab) => lab.module?.slug === module.slug);
  const minutes = module.lessons.reduce((sum, l) => sum + l.minutes, 0);
  const previous = course.modules[index - 1];
  const next = course.modules[index + 1];
  return (
    <div className="mx-auto max-w-4xl">
      <p className="text-sm text-slate-500 dark:text-slate-400">
        Module {index + 1} of {course.modules.length} · {module.lessons.length} lessons · {minutes} min of reading
      </p>
      <h1 className="mt-1 text-4xl font-bold tracking-tight">{module.title}</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{module.summary}</p>
      <ModuleLessons module={module} exercisesByLesson={exerciseLinksByLesson(exercises)} />
      {labs.length > 0 && (
        <PageSection id="module-labs-title" title="Labs" heading="text-2xl font-semibold" testId="module-labs">
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            A Docker host of your own in the browser, with tasks that turn green as you do them.
          </p>
          <ul className="mt-4 space-y-2">
            {labs.map((lab) => (
              <li key={lab.slug}>
                <Link
                  href={`/labs/${lab.slug}`}
                  className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800"
                >
                  <span className="font-medium">Lab: {lab.title}</span>
                  <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">
                    {lab.minutes} min · {lab.tasks} tasks
                  </span>
                  <LabMark slug={lab.slug} taskIds={lab.taskIds} />
                  <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">
                    After the lesson {lab.lesson?.title}. {lab.summary}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </PageSection>
      )}
      <nav
        aria-label="Module navigation"
        className="mt-12 flex justify-between gap-4 border-t border-slate-200 pt-4 dark:border-slate-800"
      >
        <Link className="underline" href={previous ? `/modules/${previous.slug}` : "/"}>
          ← {previous?.title ?? "The whole course"}
        </Link>
        <Link className="text-right underline" href={next ? `/modules/${next.slug}` : "/"}>
          {next?.title ?? "The whole course"} →
        </Link>
      </nav>
    </div>
  );
}
