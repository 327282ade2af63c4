import type { Metadata } from "next";
import Link from "next/link";
import { NoClassYet } from "@/components/instructor/class-filter";
import { PageTitle } from "@/components/instructor/page-section";
import { submissionsListPath } from "@/components/instructor/paths";
import { SubmissionsFilter } from "@/components/instructor/submissions/submissions-filter";
import { SubmissionsTable } from "@/components/instructor/submissions/submissions-table";
import { Pagination } from "@/components/instructor/tables/pagination";
import { SUBMISSIONS_PATH } from "@/components/submission-paths/submission-paths";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { listSubmissions } from "@/lib/instructor/submissions";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Submissions",
  description: "Every learner's submissions, filtered by exercise, learner, status and date.",
};

export default async function SubmissionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage(SUBMISSIONS_PATH);
  const params = await searchParams;
  const view = await classView(user, searchParam(params, "class"));
  const data = await listSubmissions(params, view.learners);
  const { filters } = data;
  const picked = { class: view.classId ?? undefined };
  return (
    <div>
      <PageTitle title="Submissions">
        Learners&apos; submissions, newest first, with instructors&apos; re-grades marked. Open one for its files,
        report and build log as the learner saw them.
      </PageTitle>
      <NoClassYet view={view} />
      <SubmissionsFilter filters={filters} ignored={data.ignored} exercises={data.exercises} view={view} />
      {filters.batch && (
        <p className="mt-3 text-sm" data-testid="batch-filter">
          Showing the submissions of one re-grade.{" "}
          <Link href={submissionsListPath({ ...picked, ...filters, batch: undefined })} className="underline">
            Show every submission
          </Link>
        </p>
      )}
      {data.total === 0 ? (
        <p className="mt-6" data-testid="submissions-empty">
          No submission matches these filters.
        </p>
      ) : (
        <>
          <SubmissionsTable
            submissions={data.submissions}
            caption={`Submissions, newest first, page ${data.page} of ${data.pageCount}`}
          />
          <Pagination
            pages={data}
            noun="submission"
            label="Submission pages"
            href={(page) => submissionsListPath({ ...picked, ...filters, page: String(page) })}
          />
        </>
      )}
    </div>
  );
}
