import type { Role } from "@/lib/auth/current-user";

const field = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

/** Search and role filter as a GET form: works without JavaScript, and the query string is the state. */
export function PeopleFilter({ q, role, roles }: { q?: string; role?: Role; roles: readonly Role[] }) {
  return (
    <form method="get" action="/instructor/people" className="mt-5 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="people-q" className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          Name or email
        </label>
        <input
          id="people-q"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={200}
          className={`${field} w-64`}
          data-testid="people-search"
        />
      </div>
      <div>
        <label htmlFor="people-role" className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          Role
        </label>
        <select id="people-role" name="role" defaultValue={role ?? ""} className={field} data-testid="people-role">
          <option value="">Every role</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 dark:bg-sky-700"
      >
        Filter
      </button>
    </form>
  );
}
