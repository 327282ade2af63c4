import type { Metadata } from "next";
import { ClassFilter } from "@/components/instructor/class-filter";
import { GradebookApiAccess, ImportHelp } from "@/components/instructor/gradebook/gradebook-help";
import { GradebookTable } from "@/components/instructor/gradebook/gradebook-table";
import { PageTitle } from "@/components/instructor/page-section";
import { Pagination } from "@/components/instructor/tables/pagination";
import { listHref } from "@/components/instructor/tables/query";
import { staffPage } from "@/lib/access/roles";
import {
  GRADEBOOK_CSV_PATH,
  GRADEBOOK_JSON_PATH,
  gradebookClassSchema,
  gradebookPreview,
} from "@/lib/instructor/gradebook";
import { pageNumberSchema, type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const metadata: Metadata = {
  title: "Gradebook",
  description: "Every learner's best score on every exercise and quiz, to download as CSV or read as JSON.",
};

const button =
  "inline-block rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 " +
  "dark:bg-sky-700 dark:hover:bg-sky-600";
const secondary =
  "inline-block rounded border border-brand-600 px-4 py-2 text-sm font-medium text-brand-600 " +
  "hover:bg-brand-600 hover:text-white dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";

export default async function GradebookPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await staffPage("/instructor/gradebook");
  const params = await searchParams;
  const page = pageNumberSchema.catch(1).parse(searchParam(params, "page"));
  const classId = gradebookClassSchema.catch(null).parse(searchParam(params, "class") || null);
  const { gradebook, access, classes, canOverride } = await gradebookPreview(staff, page, classId);
  const query = { class: classId ?? undefined };
  const learners = gradebook.total === 1 ? "1 learner" : `${gradebook.total} learners`;
  return (
    <div>
      <PageTitle title="Gradebook">
        Each learner&apos;s best score on every exercise and lesson quiz, as a percentage. An exercise attempt counts
        with the grade that stands for it (a finished re-grade replaces the original); a quiz attempt counts its correct
        answers out of all its questions. A dash means no graded attempt yet: it is exported as an empty cell, not as 0.
        With a class selected, the items it assigns count as the class grades them: each attempt&apos;s score times its
        late credit, or a score an instructor set by hand.
      </PageTitle>
      <ClassFilter
        action="/instructor/gradebook"
        view={{ scope: { admin: staff.role === "admin", classes }, classId }}
      />
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <a href={listHref(GRADEBOOK_CSV_PATH, query)} download className={button} data-testid="gradebook-csv">
          Download CSV ({learners})
        </a>
        <a href={listHref(GRADEBOOK_JSON_PATH, query)} className={secondary} data-testid="gradebook-json">
          Open as JSON
        </a>
      </div>
      <ImportHelp />
      {gradebook.learners.length === 0 ? (
        <p className="mt-6 text-slate-600 dark:text-slate-400" data-testid="gradebook-empty">
          {gradebook.class
            ? `${gradebook.class.name} has no learners yet.`
            : "No learners yet: accounts appear here once they sign up."}
        </p>
      ) : (
        <>
          <GradebookTable
            columns={gradebook.columns}
            learners={gradebook.learners}
            caption={`Best scores, page ${gradebook.page} of ${gradebook.pageCount}, learners by name`}
            overrideIn={canOverride && gradebook.class ? gradebook.class.id : undefined}
          />
          <Pagination
            pages={gradebook}
            noun="learner"
            href={(p) => listHref("/instructor/gradebook", { ...query, page: p })}
            label="Gradebook pages"
          />
        </>
      )}
      <GradebookApiAccess access={access} />
    </div>
  );
}
