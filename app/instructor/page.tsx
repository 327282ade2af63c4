import type { Metadata } from "next";
import { ColumnChart } from "@/components/instructor/charts/column-chart";
import { ClassFilter, NoClassYet } from "@/components/instructor/class-filter";
import { PassRateTable } from "@/components/instructor/dashboard/pass-rate-table";
import { QueuePanel } from "@/components/instructor/dashboard/queue-panel";
import { RunnersTable } from "@/components/instructor/dashboard/runners-table";
import { SignInGuessingPanel } from "@/components/instructor/dashboard/sign-in-guessing-panel";
import { StatTile } from "@/components/instructor/dashboard/stat-tile";
import { WarmUpPanel } from "@/components/instructor/dashboard/warm-up-panel";
import { PageSection, PageTitle } from "@/components/instructor/page-section";
import { EXERCISE_STATS_PATH, LEARNERS_PATH, submissionsListPath } from "@/components/instructor/paths";
import { listHref } from "@/components/instructor/tables/query";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { signInGuessing } from "@/lib/auth/sign-in-guessing";
import { formatCount } from "@/lib/format/numbers";
import { ACTIVE_DAYS, dashboard, ERROR_HOURS, SUBMISSION_DAYS } from "@/lib/instructor/dashboard";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";
import { gradingWaits } from "@/lib/platform/warm-up-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Instructor dashboard",
  description: "Learners' activity this week, submissions per day, pass rates, and the grading queue and runners.",
};

export default async function InstructorDashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage("/instructor");
  const view = await classView(user, searchParam(await searchParams, "class"));
  const data = await dashboard(view.learners);
  // Who is guessing whose password is the platform's business, not a class's: admins only.
  const guessing = user.role === "admin" ? await signInGuessing() : undefined;
  // Every link to another staff page keeps the class picked here.
  const picked = { class: view.classId ?? undefined };
  const submitted = data.submissionsPerDay.reduce((sum, d) => sum + d.submissions, 0);
  return (
    <div>
      <PageTitle title="Dashboard">
        What learners did this week, how each exercise goes, and whether grading keeps up. Learners only: what
        instructors and admins do is left out.
      </PageTitle>
      <ClassFilter action="/instructor" view={view} />
      <NoClassYet view={view} />

      <div className="mt-6 grid gap-3 sm:grid-cols-3">
        <StatTile
          label={`Learners active in the last ${ACTIVE_DAYS} days`}
          value={data.activeLearners}
          href={listHref(LEARNERS_PATH, picked)}
          detail="Answered a quiz, submitted an exercise, or opened or completed a lesson."
          testId="dashboard-active-learners"
        />
        <StatTile
          label="Lessons completed"
          value={data.lessonsCompleted.total}
          href={listHref(LEARNERS_PATH, picked)}
          detail={
            <span data-testid="dashboard-lessons-completed-week" data-value={data.lessonsCompleted.thisWeek}>
              {formatCount(data.lessonsCompleted.thisWeek)} in the last {ACTIVE_DAYS} days
            </span>
          }
          testId="dashboard-lessons-completed"
        />
        <StatTile
          label={`Submissions in error, last ${ERROR_HOURS} hours`}
          value={data.errorsLast24h}
          href={submissionsListPath({ ...picked, status: "error" })}
          detail="Platform faults: they cost the learner nothing, but many of them need a look."
          testId="dashboard-errors"
        />
      </div>

      <PageSection
        id="per-day-title"
        title="Submissions per day"
        intro={
          <>
            Attempts learners submitted in the last {SUBMISSION_DAYS} days (UTC days), {formatCount(submitted)} in all;
            re-grades are not new attempts. <TextLink href={submissionsListPath(picked)}>Every submission</TextLink>
          </>
        }
      >
        <ColumnChart
          title={`Attempts submitted per day, last ${SUBMISSION_DAYS} days`}
          columns={data.submissionsPerDay.map((d) => ({ label: d.day, short: d.day.slice(8), value: d.submissions }))}
          category="Day (UTC)"
          unit="Attempts"
          testId="submissions-per-day"
        />
      </PageSection>

      <PageSection
        id="pass-rate-title"
        title="Pass rate per exercise"
        intro={
          <>
            Of the learners with a graded attempt at an exercise, the share with a passing one; re-grades count as the
            grade of the attempt they re-grade. Open an exercise for the checks that fail most.{" "}
            <TextLink href={listHref(EXERCISE_STATS_PATH, picked)}>All exercise statistics</TextLink>
          </>
        }
      >
        <PassRateTable exercises={data.exercises} classId={view.classId} />
      </PageSection>

      <PageSection id="queue-title" title="Grading queue" testId="queue">
        <QueuePanel queue={data.queue} />
      </PageSection>

      <PageSection id="runners-title" title="Runners" testId="runners">
        <RunnersTable runners={data.runners} warming={gradingWaits(data.warmUp)} />
      </PageSection>

      <PageSection id="warm-up-title" title="Warm-up" testId="warm-up">
        <WarmUpPanel warmUp={data.warmUp} />
      </PageSection>

      {guessing && (
        <PageSection id="sign-in-guessing-title" title="Sign-in guessing" testId="sign-in-guessing">
          <SignInGuessingPanel guessing={guessing} />
        </PageSection>
      )}
    </div>
  );
}
