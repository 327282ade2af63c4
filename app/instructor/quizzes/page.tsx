import type { Metadata } from "next";
import { ClassFilter, NoClassYet } from "@/components/instructor/class-filter";
import { PageTitle } from "@/components/instructor/page-section";
import { QUIZ_STATS_PATH } from "@/components/instructor/paths";
import { FlagLegend } from "@/components/instructor/stats/flag";
import { QuizzesStatsTable } from "@/components/instructor/stats/quizzes-table";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { quizOverview } from "@/lib/instructor/quiz-stats";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Quiz statistics",
  description: "Every lesson quiz with learners, average first-attempt score and the questions worth a second look.",
};

export default async function QuizStatsIndexPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage(QUIZ_STATS_PATH);
  const view = await classView(user, searchParam(await searchParams, "class"));
  const quizzes = await quizOverview(view.learners);
  return (
    <div>
      <PageTitle title="Quizzes">
        Every lesson quiz, judged by learners&apos; first attempts: what the lesson taught them before they saw any
        answer. Open a quiz for the share of learners who chose each option of each question.
      </PageTitle>
      <ClassFilter action={QUIZ_STATS_PATH} view={view} />
      <NoClassYet view={view} />
      <FlagLegend />
      <QuizzesStatsTable quizzes={quizzes} classId={view.classId} />
    </div>
  );
}
