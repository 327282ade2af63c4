import type { Role } from "@/lib/auth/current-user";
import { FilterForm, InputFilter, SelectFilter } from "../tables/filter-form";

/** Search and role filter as a GET form: works without JavaScript, and the query string is the state. */
export function PeopleFilter({ q, role, roles }: { q?: string; role?: Role; roles: readonly Role[] }) {
  return (
    <FilterForm action="/instructor/people" label="Search people" submitLabel="Filter">
      <InputFilter name="q" label="Name or email" defaultValue={q} className="w-64" testId="people-search" />
      <SelectFilter
        name="role"
        label="Role"
        anyLabel="Every role"
        options={roles.map((r) => ({ value: r, label: r }))}
        defaultValue={role}
        testId="people-role"
      />
    </FilterForm>
  );
}
