import type { Metadata } from "next";
import { ClassSelect, NoClassYet } from "@/components/instructor/class-filter";
import { LearnersTable } from "@/components/instructor/learners/learners-table";
import { PageTitle } from "@/components/instructor/page-section";
import { LEARNERS_PATH } from "@/components/instructor/paths";
import { FilterForm, InputFilter } from "@/components/instructor/tables/filter-form";
import { Pagination } from "@/components/instructor/tables/pagination";
import { listHref } from "@/components/instructor/tables/query";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { listLearners } from "@/lib/instructor/learners";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Learners",
  description: "Every learner with their progress per module, quizzes and exercises passed, and submissions.",
};

export default async function LearnersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage(LEARNERS_PATH);
  const params = await searchParams;
  const view = await classView(user, searchParam(params, "class"));
  const data = await listLearners(params, view.learners);
  const { query } = data;
  const picked = view.classId ?? undefined;
  return (
    <div>
      <PageTitle title="Learners">
        Every learner&apos;s progress: lessons completed per module, quizzes answered in full, exercises passed and
        submissions made. Open a learner for their quiz attempts and every submission.
      </PageTitle>
      <FilterForm
        action={LEARNERS_PATH}
        label="Search learners"
        clearHref={query.q ? listHref(LEARNERS_PATH, { class: picked, sort: query.sort, dir: query.dir }) : undefined}
        keep={{ sort: query.sort, dir: query.dir }}
      >
        <ClassSelect view={view} />
        <InputFilter name="q" label="Name or email" defaultValue={query.q} className="w-72" testId="learners-search" />
      </FilterForm>
      <NoClassYet view={view} />
      {data.total === 0 ? (
        <p className="mt-6" data-testid="learners-empty">
          {query.q
            ? `No learner's name or email contains “${query.q}”.`
            : view.learners === null
              ? "No learner has signed up yet."
              : view.classId
                ? "This class has no learner yet."
                : "Your classes have no learner yet."}
        </p>
      ) : (
        <>
          <LearnersTable data={data} classId={view.classId} />
          <Pagination
            pages={data}
            noun="learner"
            label="Learner pages"
            href={(page) =>
              listHref(LEARNERS_PATH, { class: picked, q: query.q, sort: query.sort, dir: query.dir, page })
            }
          />
        </>
      )}
    </div>
  );
}
