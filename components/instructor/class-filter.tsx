import { TextLink } from "@/components/layout/text-link";
import type { ClassView, StaffScope } from "@/lib/access/staff-scope";
import { FilterForm, SelectFilter } from "./tables/filter-form";

/** What a class picker needs of a page's view: who is looking and which class is picked. */
type PickerView = Pick<ClassView, "classId"> & { scope: Pick<StaffScope, "admin" | "classes"> };

/** The class picker inside a list's FilterForm: the page's learners are that class's. */
export function ClassSelect({ view }: { view: PickerView }) {
  return (
    <SelectFilter
      name="class"
      label="Class"
      anyLabel={view.scope.admin ? "Every learner" : "All my classes"}
      options={view.scope.classes.map((c) => ({
        value: c.id,
        label: `${c.name} (${c.term})${c.archived ? ", archived" : ""}`,
      }))}
      defaultValue={view.classId ?? ""}
      testId="class-filter"
    />
  );
}

/** A page's class picker on its own, for pages with no other filter (the dashboard, the statistics). */
export function ClassFilter({ view, ...form }: { action: string; view: PickerView; keep?: Record<string, string> }) {
  return (
    <FilterForm {...form} label="Pick a class" submitLabel="Show">
      <ClassSelect view={view} />
    </FilterForm>
  );
}

/** Said once on a page whose person teaches no class yet: why it is empty and what to do. */
export function NoClassYet({ view }: { view: ClassView }) {
  if (view.scope.admin || view.scope.classes.length > 0) return null;
  return (
    <p className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
      You teach no class yet, so there is nobody to show here.{" "}
      <TextLink href="/instructor/classes">Create a class</TextLink> and share its join code with your learners.
    </p>
  );
}
