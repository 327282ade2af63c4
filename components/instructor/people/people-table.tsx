import { AttemptTime } from "@/components/history/attempt-time";
import type { Role } from "@/lib/auth/current-user";
import type { Person } from "@/lib/auth/manage-roles";
import { RoleControl } from "./role-control";

const cell = "px-3 py-2 align-top";

const BADGE: Record<Role, string> = {
  learner: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  instructor: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  admin: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

/**
 * Accounts with their role and a control to change it. The signed-in admin's own row has no control: nobody changes
 * their own role, so nobody locks themselves out.
 */
export function PeopleTable({
  people,
  roles,
  selfId,
  caption,
}: {
  people: Person[];
  roles: readonly Role[];
  selfId: string;
  caption: string;
}) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm" data-testid="people-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Name
            </th>
            <th scope="col" className={cell}>
              Email
            </th>
            <th scope="col" className={cell}>
              Role
            </th>
            <th scope="col" className={cell}>
              Joined
            </th>
            <th scope="col" className={cell}>
              Change role
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id} data-user={p.id} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className={`${cell} font-medium`}>
                {p.name}
              </th>
              <td className={`${cell} break-all`}>{p.email}</td>
              <td className={cell}>
                <span className={`rounded px-2 py-0.5 text-xs ${BADGE[p.role]}`} data-testid="person-role">
                  {p.role}
                </span>
              </td>
              <td className={cell}>
                <AttemptTime date={p.joinedAt} />
              </td>
              <td className={cell}>
                {p.id === selfId ? (
                  <span className="text-xs text-slate-600 dark:text-slate-400">
                    Your own account: another admin can change its role.
                  </span>
                ) : (
                  <RoleControl userId={p.id} name={p.name} role={p.role} roles={roles} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
