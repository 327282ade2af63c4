import type { Metadata } from "next";
import { AdminLogFilter, AdminLogTable } from "@/components/instructor/admin-log/admin-log-table";
import { PageTitle } from "@/components/instructor/page-section";
import { Pagination } from "@/components/instructor/tables/pagination";
import { listHref } from "@/components/instructor/tables/query";
import { adminPage } from "@/lib/access/roles";
import { adminLogQuerySchema, listAdminActions } from "@/lib/admin/admin-log";
import type { SearchParams } from "@/lib/list-query/list-query";

export const metadata: Metadata = {
  title: "Admin log",
  description: "Who changed roles, re-graded, exported the gradebook or opened a shell in a learner's image, and when.",
};

export default async function AdminLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await adminPage("/instructor/admin-log");
  const query = adminLogQuerySchema.parse(await searchParams);
  const { entries, ...pages } = await listAdminActions(query);
  const { page, pageCount, total } = pages;
  const filtered = Boolean(query.action || query.actor);
  return (
    <div>
      <PageTitle title="Admin log">
        Every use of staff powers, newest first: role changes, admins made with <code>npm run create-admin</code>,
        re-grades, gradebook exports and shells opened in a learner&apos;s image. Entries keep the names they had at the
        time, and nothing here can be changed or removed.
      </PageTitle>
      <AdminLogFilter action={query.action} actor={query.actor} />
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400" data-testid="admin-log-count">
        {total === 1 ? "1 entry" : `${total} entries`}
        {filtered ? (total === 1 ? " matches" : " match") : ""}
      </p>
      {entries.length === 0 ? (
        <p className="mt-4" data-testid="admin-log-empty">
          {filtered
            ? "No entry matches. Try another action, or another part of a name or email."
            : "Nothing has been logged yet. Role changes, re-grades and exports will show here."}
        </p>
      ) : (
        <>
          <AdminLogTable entries={entries} caption={`Admin actions, newest first, page ${page} of ${pageCount}`} />
          <Pagination
            pages={pages}
            noun="action"
            href={(p) => listHref("/instructor/admin-log", { action: query.action, actor: query.actor, page: p })}
            label="Admin log pages"
          />
        </>
      )}
    </div>
  );
}
