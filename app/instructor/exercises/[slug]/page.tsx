import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { orNotFound } from "@/components/history/or-not-found";
import { ColumnChart } from "@/components/instructor/charts/column-chart";
import { StatTile } from "@/components/instructor/dashboard/stat-tile";
import { OrEmpty, PageSection } from "@/components/instructor/page-section";
import {
  EXERCISE_STATS_PATH,
  exerciseSimilarityPath,
  exerciseStatsPath,
  submissionsListPath,
} from "@/components/instructor/paths";
import { RegradeExerciseButton } from "@/components/instructor/regrade/regrade-button";
import { CheckFailuresTable } from "@/components/instructor/stats/check-failures-table";
import { HintsUsed } from "@/components/instructor/stats/hints-used";
import { BackLink } from "@/components/layout/back-link";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { slugSchema } from "@/lib/content/schemas";
import { hintUsage } from "@/lib/exercises/hints";
import { formatPercent } from "@/lib/format/numbers";
import { exerciseStats } from "@/lib/instructor/exercise-stats";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Exercise statistics" };

export default async function ExerciseStatsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const user = await staffPage(exerciseStatsPath(slug));
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const view = await classView(user, (await searchParams).class);
  const stats = await orNotFound(exerciseStats(parsed.data, view.learners));
  const hints = await hintUsage(view.scope, parsed.data, view.classId);
  return (
    <div data-testid="exercise-detail" data-exercise={stats.slug}>
      <BackLink href={EXERCISE_STATS_PATH} label="All exercises" />
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{stats.title}</h1>
      <p className="mt-2 text-sm">
        <TextLink href={`/exercises/${stats.slug}`}>The exercise as learners see it</TextLink>
        {" · "}
        <TextLink href={exerciseSimilarityPath(stats.slug)}>Similar Dockerfiles</TextLink>
      </p>
      <div className="mt-4">
        <RegradeExerciseButton slug={stats.slug} count={stats.attempts} />
      </div>

      <div className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <StatTile label="Learners attempted" value={stats.learners} testId="learners-attempted" />
        <StatTile
          label="Learners passed"
          value={stats.passed}
          href={submissionsListPath({ exercise: stats.slug, status: "passed" })}
          detail={
            stats.passRate === undefined ? "No graded attempt yet." : `${formatPercent(stats.passRate)} pass rate`
          }
          testId="learners-passed"
        />
        <StatTile
          label="Median attempts to pass"
          value={stats.medianAttemptsToPass}
          detail={
            stats.medianAttemptsToPass === undefined
              ? "Nobody has passed yet."
              : "Of the learners who passed, counting attempts up to the first pass."
          }
          testId="median-attempts"
        />
        <StatTile
          label="Graded attempts"
          value={stats.attempts}
          href={submissionsListPath({ exercise: stats.slug })}
          testId="graded-attempts"
        />
      </div>

      <PageSection
        id="checks-title"
        title="Checks that fail most"
        intro={
          "In how many graded attempts each check failed, as the standing grade has it (a re-grade replaces the " +
          "grade it re-grades). A check most learners fail points at a gap in the lesson that teaches it, or at a " +
          "check that asks for more than the exercise says."
        }
      >
        <OrEmpty
          rows={stats.checkFailures.length}
          empty="No check has failed in a graded attempt yet."
          testId="check-failures-none"
          className="mt-3"
        >
          <CheckFailuresTable checks={stats.checkFailures} />
        </OrEmpty>
      </PageSection>

      <PageSection
        id="to-pass-title"
        title="Attempts to pass"
        intro={<>How many learners passed on their first attempt, their second, and so on.</>}
      >
        <OrEmpty rows={stats.attemptsToPass.length} empty="Nobody has passed yet." className="mt-3">
          <ColumnChart
            title="Learners by the attempts they needed to pass"
            columns={stats.attemptsToPass.map((a) => ({
              label: `${a.attempts} ${a.attempts === 1 ? "attempt" : "attempts"}`,
              short: String(a.attempts),
              value: a.learners,
            }))}
            category="Attempts to pass"
            unit="Learners"
            testId="attempts-to-pass"
          />
        </OrEmpty>
      </PageSection>

      <PageSection
        id="scores-title"
        title="Best scores"
        intro={<>Learners by the best score of their graded attempts.</>}
      >
        <ColumnChart
          title="Learners by their best score"
          columns={stats.bestScores.map((b) => ({
            label: b.bucket === 10 ? "100%" : `${b.bucket * 10}–${b.bucket * 10 + 9}%`,
            short: String(b.bucket * 10),
            value: b.learners,
          }))}
          category="Best score"
          unit="Learners"
          testId="score-distribution"
        />
      </PageSection>

      <PageSection
        id="hints-used-title"
        title="Hints used"
        testId="hints-used-section"
        intro={
          <>
            Who has each hint open, and whether they asked for it or their failed attempts opened it
            {view.classId === null ? "" : " (this class's learners only)"}. A hint most learners ask for early points at
            a step the exercise or its lesson leaves unclear.
          </>
        }
      >
        <HintsUsed hints={hints} />
      </PageSection>
    </div>
  );
}
