import { SUBMISSIONS_PATH } from "@/components/submission-paths/submission-paths";
import type { ClassView } from "@/lib/access/staff-scope";
import type { IgnoredFilter, SubmissionFilters } from "@/lib/instructor/submissions";
import { SUBMISSION_STATUSES } from "@/lib/submissions/lifecycle";
import { ClassSelect } from "../class-filter";
import { FilterForm, InputFilter, SelectFilter } from "../tables/filter-form";
import { listHref } from "../tables/query";

const note =
  "mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 " +
  "dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200";

const FIELD_LABEL: Record<IgnoredFilter["name"], string> = {
  exercise: "Exercise",
  learner: "Learner",
  status: "Status",
  from: "From",
  to: "To",
  batch: "Re-grade batch",
  page: "Page",
};

type Props = { filters: SubmissionFilters; ignored: IgnoredFilter[]; exercises: Exercise[]; view: ClassView };
type Exercise = { slug: string; title: string };

/**
 * The submissions' filters as a GET form, and a note naming each value that was not understood and so not used.
 * Clearing the filters keeps the class picked: it is whose work the page shows, not a filter of it.
 */
export function SubmissionsFilter({ filters, ignored, exercises, view }: Props) {
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <FilterForm
        action={SUBMISSIONS_PATH}
        label="Filter submissions"
        clearHref={filtered ? listHref(SUBMISSIONS_PATH, { class: view.classId ?? undefined }) : undefined}
        keep={{ batch: filters.batch }}
        testId="submissions-filter"
      >
        <ClassSelect view={view} />
        <SelectFilter
          name="exercise"
          label="Exercise"
          anyLabel="Every exercise"
          options={exercises.map((e) => ({ value: e.slug, label: e.title }))}
          defaultValue={filters.exercise}
        />
        <InputFilter name="learner" label="Learner (name or email)" defaultValue={filters.learner} />
        <SelectFilter
          name="status"
          label="Status"
          anyLabel="Every status"
          options={SUBMISSION_STATUSES.map((s) => ({ value: s, label: s }))}
          defaultValue={filters.status}
        />
        <InputFilter name="from" label="From (UTC)" type="date" defaultValue={filters.from} className="w-40" />
        <InputFilter name="to" label="To (UTC, inclusive)" type="date" defaultValue={filters.to} className="w-40" />
      </FilterForm>
      {ignored.length > 0 && (
        <div role="status" className={note} data-testid="ignored-filters">
          <p className="font-medium">Some filter values were not understood and are not applied:</p>
          <ul className="mt-1 list-disc pl-5">
            {ignored.map((i) => (
              <li key={`${i.name}:${i.value}`}>
                {FIELD_LABEL[i.name]} “{i.value}” {i.reason}.
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
