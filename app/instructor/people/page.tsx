import type { Metadata } from "next";
import { PageTitle } from "@/components/instructor/page-section";
import { PeopleFilter, PeopleTable } from "@/components/instructor/people/people-table";
import { Pagination } from "@/components/instructor/tables/pagination";
import { listHref } from "@/components/instructor/tables/query";
import { adminPage } from "@/lib/access/roles";
import { listPeople, peopleQuerySchema, ROLES } from "@/lib/auth/manage-roles";
import type { SearchParams } from "@/lib/list-query/list-query";

export const metadata: Metadata = {
  title: "People",
  description: "Every account and its role; admins make accounts instructors or admins here.",
};

export default async function PeoplePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await adminPage("/instructor/people");
  const query = peopleQuerySchema.parse(await searchParams);
  const { people, ...pages } = await listPeople(query);
  const { page, pageCount, total } = pages;
  const filtered = Boolean(query.q || query.role);
  return (
    <div>
      <PageTitle title="People">
        Every account and its role. Instructors see the instructor pages; admins also manage roles here. A change
        applies at the account&apos;s next page load. Nobody can change their own role, and the last admin always stays
        an admin.
      </PageTitle>
      <PeopleFilter q={query.q} role={query.role} roles={ROLES} />
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400" data-testid="people-count">
        {total === 1 ? "1 account" : `${total} accounts`}
        {filtered ? " match" : ""}
      </p>
      {people.length === 0 ? (
        <p className="mt-4" data-testid="people-empty">
          No account matches. Try another name, email or role.
        </p>
      ) : (
        <>
          <PeopleTable
            people={people}
            roles={ROLES}
            selfId={admin.id}
            caption={`Accounts by name, page ${page} of ${pageCount}`}
          />
          <Pagination
            pages={pages}
            noun="account"
            href={(p) => listHref("/instructor/people", { q: query.q, role: query.role, page: p })}
            label="People pages"
          />
        </>
      )}
    </div>
  );
}
