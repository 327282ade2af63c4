import type { Metadata } from "next";
import { ClassFilter, NoClassYet } from "@/components/instructor/class-filter";
import { PageTitle } from "@/components/instructor/page-section";
import { EXERCISE_STATS_PATH } from "@/components/instructor/paths";
import { ExercisesStatsTable } from "@/components/instructor/stats/exercises-table";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { exerciseOverview } from "@/lib/instructor/exercise-stats";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Exercise statistics",
  description: "Every exercise with learners attempted and passed, pass rate and median attempts to pass.",
};

export default async function ExerciseStatsIndexPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage(EXERCISE_STATS_PATH);
  const view = await classView(user, searchParam(await searchParams, "class"));
  const exercises = await exerciseOverview(view.learners);
  return (
    <div>
      <PageTitle title="Exercises">
        How learners fare on each exercise. An attempt is a learner&apos;s submission with a grade: passed or failed, as
        the newest finished re-grade left it; attempts still in the queue and platform errors are not counted. Attempts
        to pass are a learner&apos;s attempts up to their first pass. Open an exercise for the checks that fail most.
      </PageTitle>
      <ClassFilter action={EXERCISE_STATS_PATH} view={view} />
      <NoClassYet view={view} />
      <ExercisesStatsTable exercises={exercises} classId={view.classId} />
    </div>
  );
}
