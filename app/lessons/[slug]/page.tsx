import Link from "next/link";
import { notFound } from "next/navigation";
import { Callout } from "@/components/mdx/callout";
import { Comparison } from "@/components/mdx/comparison";
import { MdxContent } from "@/components/mdx/mdx-content";
import { Terminal } from "@/components/mdx/terminal";
import { QuizPanel } from "@/components/quiz/quiz-panel";
import { currentUser } from "@/lib/auth/current-user";
import { loadLesson } from "@/lib/content/load-lesson";
import { isAppError } from "@/lib/errors/app-error";
import { toPublicQuiz } from "@/lib/quiz/public-quiz";
import { lessonProgressFor, recordLessonView } from "@/lib/progress/lesson-progress";

export const dynamic = "force-dynamic";

export default async function LessonPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const lesson = await loadLesson(slug).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const user = await currentUser();
  const progress = user ? await recordLessonView(user.id, slug).then(() => lessonProgressFor(user.id, slug)) : undefined;
  const quiz = lesson.quiz ? toPublicQuiz(lesson.quiz) : undefined;

  const components = {
    Callout,
    Terminal,
    Comparison,
    Quiz: () =>
      quiz ? <QuizPanel quiz={quiz} lessonSlug={slug} signedIn={!!user} previousScore={progress?.lastAttempt} /> : null,
  };

  return (
    <article>
      <p className="text-sm text-slate-500">{lesson.entry.minutes} min read{progress?.completed ? " · completed" : ""}</p>
      <h1 className="mt-1 text-4xl font-bold tracking-tight">{lesson.entry.title}</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{lesson.entry.summary}</p>
      <section aria-label="Learning objectives" className="mt-6 rounded-lg bg-slate-50 p-4 dark:bg-slate-900">
        <h2 className="font-semibold">You will learn to</h2>
        <ul className="mt-2 list-disc pl-6">
          {lesson.entry.objectives.map((o) => <li key={o}>{o}</li>)}
        </ul>
      </section>
      <div className="prose-lesson mt-6">
        <MdxContent code={lesson.code} components={components} />
      </div>
      <nav aria-label="Lesson navigation" className="mt-12 flex justify-between border-t border-slate-200 pt-4 dark:border-slate-800">
        {lesson.previous ? <Link className="underline" href={`/lessons/${lesson.previous.slug}`}>← {lesson.previous.title}</Link> : <span />}
        {lesson.next ? <Link className="underline" href={`/lessons/${lesson.next.slug}`}>{lesson.next.title} →</Link> : <Link className="underline" href="/">Back to the course</Link>}
      </nav>
    </article>
  );
}
