import { ADMIN_ACTION_LABEL, ADMIN_ACTIONS, type AdminActionKind } from "@/lib/audit/admin-actions";
import { FilterForm, InputFilter, SelectFilter } from "../tables/filter-form";

/** Action and actor filters as a GET form: works without JavaScript, and the query string is the state. */
export function AdminLogFilter({ action, actor }: { action?: AdminActionKind; actor?: string }) {
  return (
    <FilterForm
      action="/instructor/admin-log"
      label="Filter the admin log"
      submitLabel="Filter"
      clearHref={action || actor ? "/instructor/admin-log" : undefined}
      testId="admin-log-filter"
    >
      <SelectFilter
        name="action"
        label="Action"
        anyLabel="Every action"
        options={ADMIN_ACTIONS.map((a) => ({ value: a, label: ADMIN_ACTION_LABEL[a] }))}
        defaultValue={action}
        testId="admin-log-action"
      />
      <InputFilter name="actor" label="Who (name or email)" defaultValue={actor} testId="admin-log-actor" />
    </FilterForm>
  );
}
