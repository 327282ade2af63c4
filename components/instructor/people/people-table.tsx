import { AttemptTime } from "@/components/history/attempt-time";
import type { Role } from "@/lib/auth/current-user";
import type { Person } from "@/lib/auth/manage-roles";
import { Clipped } from "../tables/clipped";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";
import { FilterForm, InputFilter, SelectFilter } from "../tables/filter-form";
import { RoleControl } from "./role-control";

const BADGE: Record<Role, string> = {
  learner: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  instructor: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  admin: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

type Props = { people: Person[]; roles: readonly Role[]; selfId: string; caption: string };

/** Accounts with their role and its control; none on the admin's own row, so nobody locks themselves out. */
export function PeopleTable({ people, roles, selfId, caption }: Props) {
  return (
    <DataTable
      caption={caption}
      testId="people-table"
      className="mt-4"
      size="w-full min-w-[44rem]"
      head={<Ths labels={["Name", "Email", "Role", "Joined", "Change role"]} />}
    >
      {people.map((p) => (
        <Tr key={p.id} data-user={p.id}>
          <RowHeader className="font-medium">
            <Clipped text={p.name} />
          </RowHeader>
          <Td className="break-all">{p.email}</Td>
          <Td>
            <span className={`rounded px-2 py-0.5 text-xs ${BADGE[p.role]}`} data-testid="person-role">
              {p.role}
            </span>
          </Td>
          <Td>
            <AttemptTime date={p.joinedAt} />
          </Td>
          <Td>
            {p.id === selfId ? (
              <span className="text-xs text-slate-600 dark:text-slate-400">
                Your own account: another admin can change its role.
              </span>
            ) : (
              <RoleControl userId={p.id} name={p.name} role={p.role} roles={roles} />
            )}
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}

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
