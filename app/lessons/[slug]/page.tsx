import type { Metadata } from "next";
import Link from "next/link";
import { CourseOutline } from "@/components/course/course-outline";
import { LessonSources } from "@/components/course/lesson-sources";
import { CompletedNote, LessonVisitProvider } from "@/components/course/lesson-visit";
import { orNotFound } from "@/components/history/or-not-found";
import { lessonComponents } from "@/components/mdx/lesson-components";
import { MdxContent } from "@/components/mdx/mdx-content";
import { QuizPanel } from "@/components/quiz/quiz-panel";
import { loadCourse } from "@/lib/content/load-course";
import { loadLesson } from "@/lib/content/load-lesson";
import { listLabs } from "@/lib/labs/load-lab";
import { toPublicQuiz } from "@/lib/quiz/public-quiz";

// Every lesson is prerendered at build time; a slug that is not in the course is a 404, not a render on demand.
export const dynamicParams = false;

export async function generateStaticParams() {
  return (await loadCourse()).lessons.map(({ slug }) => ({ slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { entry } = await orNotFound(loadLesson((await params).slug));
  return { title: entry.title, description: entry.summary };
}

/**
 * The same for every reader, so it is served prerendered; the reader's progress (the "completed" note, the
 * outline's ticks, the last quiz score) fills in in the browser, which also records the visit.
 */
export default async function LessonPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [lesson, course, allLabs] = await Promise.all([orNotFound(loadLesson(slug)), loadCourse(), listLabs()]);
  const labs = allLabs.filter((lab) => lab.spec.lesson === slug);
  const quiz = lesson.quiz ? toPublicQuiz(lesson.quiz) : undefined;
  const module = course.modules.find((m) => m.slug === lesson.entry.moduleSlug);
  const components = lessonComponents({ quiz: quiz ? <QuizPanel quiz={quiz} lessonSlug={slug} /> : null });

  return (
    <LessonVisitProvider slug={slug}>
      <div className="lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
        <aside className="hidden lg:block">
          <div className="sticky top-4 max-h-[calc(100vh-2rem)] overflow-y-auto pr-2">
            <CourseOutline course={course} currentSlug={slug} />
          </div>
        </aside>
        <article className="mx-auto w-full max-w-3xl">
          <p className="text-sm text-slate-500 dark:text-slate-400">
            {module && (
              <Link className="hover:underline" href={`/modules/${module.slug}`}>
                {module.title}
              </Link>
            )}{" "}
            · {lesson.entry.minutes} min read
            <CompletedNote />
          </p>
          <h1 className="mt-1 text-4xl font-bold tracking-tight">{lesson.entry.title}</h1>
          <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{lesson.entry.summary}</p>
          <section aria-label="Learning objectives" className="mt-6 rounded-lg bg-slate-50 p-4 dark:bg-slate-900">
            <h2 className="font-semibold">You will learn to</h2>
            <ul className="mt-2 list-disc pl-6">
              {lesson.entry.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <div className="prose-lesson mt-6">
            <MdxContent code={lesson.code} components={components} />
          </div>
          {lesson.entry.sources && <LessonSources sources={lesson.entry.sources} />}
          {labs.length > 0 && (
            <section
              aria-label="Labs for this lesson"
              className="mt-10 space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
              data-testid="lesson-labs"
            >
              {labs.map((lab) => (
                <p key={lab.slug}>
                  <Link className="font-medium underline" href={`/labs/${lab.slug}`}>
                    Lab: {lab.spec.title}
                  </Link>
                  <span className="block text-sm text-slate-600 dark:text-slate-400">
                    About {lab.spec.minutes} min on a Docker host of your own. {lab.spec.summary}
                  </span>
                </p>
              ))}
            </section>
          )}
          <nav
            aria-label="Lesson navigation"
            className="mt-12 flex justify-between gap-4 border-t border-slate-200 pt-4 dark:border-slate-800"
          >
            {lesson.previous ? (
              <Link className="underline" href={`/lessons/${lesson.previous.slug}`}>
                ← {lesson.previous.title}
              </Link>
            ) : (
              <span />
            )}
            {lesson.next ? (
              <Link className="text-right underline" href={`/lessons/${lesson.next.slug}`}>
                {lesson.next.title} →
              </Link>
            ) : (
              <Link className="underline" href="/">
                Back to the course
              </Link>
            )}
          </nav>
        </article>
      </div>
    </LessonVisitProvider>
  );
}
