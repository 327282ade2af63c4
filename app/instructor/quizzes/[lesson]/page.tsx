import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { orNotFound } from "@/components/history/or-not-found";
import { ClassFilter, NoClassYet } from "@/components/instructor/class-filter";
import { StatTile } from "@/components/instructor/dashboard/stat-tile";
import { PageSection } from "@/components/instructor/page-section";
import { QUIZ_STATS_PATH, quizStatsPath } from "@/components/instructor/paths";
import { FlagLegend } from "@/components/instructor/stats/flag";
import { QuestionStatsCard } from "@/components/instructor/stats/question-stats";
import { listHref } from "@/components/instructor/tables/query";
import { BackLink } from "@/components/layout/back-link";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { slugSchema } from "@/lib/content/schemas";
import { QUIZ_ATTEMPT_CHOICES, type QuizAttemptChoice, quizStats } from "@/lib/instructor/quiz-stats";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Quiz statistics" };

// An unknown or repeated ?attempt= falls back to first attempts, the default view.
const attemptSchema = z.enum(QUIZ_ATTEMPT_CHOICES).catch("first");

const CHOICES: Record<QuizAttemptChoice, { label: string; explains: string }> = {
  first: {
    label: "First attempts",
    explains:
      "Each learner counts once, with their first attempt at this quiz: what the lesson taught them before they " +
      "saw any feedback.",
  },
  latest: {
    label: "Latest attempts",
    explains: "Each learner counts once, with their latest attempt at this quiz: where they ended up.",
  },
};

interface Props {
  params: Promise<{ lesson: string }>;
  searchParams: Promise<{ attempt?: string | string[]; class?: string | string[] }>;
}

export default async function QuizStatsPage({ params, searchParams }: Props) {
  const { lesson } = await params;
  const user = await staffPage(quizStatsPath(lesson));
  const parsed = slugSchema.safeParse(lesson);
  if (!parsed.success) notFound();
  const query = await searchParams;
  const attempt = attemptSchema.parse(query.attempt);
  const view = await classView(user, query.class);
  const stats = await orNotFound(quizStats(parsed.data, attempt, view.learners));
  const flagged = stats.questions.filter((q) => q.flag !== "none").length;
  return (
    <div data-testid="quiz-detail" data-lesson={stats.lesson.slug} data-attempt={attempt}>
      <BackLink href={listHref(QUIZ_STATS_PATH, { class: view.classId ?? undefined })} label="All quizzes" />
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Quiz: {stats.lesson.title}</h1>
      <p className="mt-2 text-sm">
        <TextLink href={`/lessons/${stats.lesson.slug}`}>The lesson as learners see it</TextLink>
      </p>

      <ClassFilter
        action={quizStatsPath(stats.lesson.slug)}
        view={view}
        keep={attempt === "first" ? {} : { attempt }}
      />
      <NoClassYet view={view} />

      <nav aria-label="Which attempt counts" className="mt-6 flex flex-wrap gap-2" data-testid="attempt-choice">
        {QUIZ_ATTEMPT_CHOICES.map((choice) => (
          <Link
            key={choice}
            href={listHref(quizStatsPath(stats.lesson.slug), {
              class: view.classId ?? undefined,
              attempt: choice === "first" ? undefined : choice,
            })}
            aria-current={choice === attempt ? "page" : undefined}
            data-choice={choice}
            className={
              "rounded border px-3 py-1 text-sm " +
              (choice === attempt
                ? "border-brand-600 bg-brand-600 text-white dark:border-sky-300 dark:bg-sky-300 dark:text-slate-900"
                : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800")
            }
          >
            {CHOICES[choice].label}
          </Link>
        ))}
      </nav>
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300" data-testid="attempt-explanation">
        {CHOICES[attempt].explains} Instructors&apos; and admins&apos; attempts are left out.
      </p>

      <div className="mt-6 grid gap-3 sm:grid-cols-3">
        <StatTile label="Learners" value={stats.learners} testId="quiz-learners" />
        <StatTile
          label="Average score"
          value={stats.averageScore}
          format="percent"
          detail={stats.averageScore === undefined ? "No attempt yet." : "Share of the questions right, on average."}
          testId="quiz-average"
        />
        <StatTile label="Flagged questions" value={flagged} testId="quiz-flagged" />
      </div>

      <PageSection id="flags-title" title="Flags" className="mt-8">
        <FlagLegend />
      </PageSection>

      <PageSection id="questions-title" title="Questions, in the quiz's order" className="mt-8">
        <ol className="mt-3 space-y-4">
          {stats.questions.map((q, i) => (
            <li key={q.id}>
              <QuestionStatsCard question={q} number={i + 1} />
            </li>
          ))}
        </ol>
      </PageSection>
    </div>
  );
}
