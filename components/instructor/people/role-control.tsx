"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/http/alert";
import { useSend } from "@/components/http/use-request";
import type { Role } from "@/lib/auth/current-user";

type Props = { userId: string; name: string; role: Role; roles: readonly Role[] };

/**
 * Changes one account's role through `PATCH /api/admin/users/<id>/role` and says how it went beside the control: the
 * new role, or the server's own reason for refusing (the last admin, one's own account, a lost sign-in).
 */
export function RoleControl({ userId, name, role, roles }: Props) {
  const router = useRouter();
  const selectId = useId();
  const [saved, setSaved] = useState(role);
  const [selected, setSelected] = useState(role);
  const { busy, error, send } = useSend();
  const [done, setDone] = useState("");

  async function save() {
    setDone("");
    const answer = await send<{ person: { role: Role } }>(
      "PATCH",
      `/api/admin/users/${encodeURIComponent(userId)}/role`,
      { role: selected },
      "The role could not be changed",
    );
    if (!answer) return;
    const now = answer.data.person.role;
    setSaved(now);
    setSelected(now);
    setDone(`${name} is now ${now === "learner" ? "a" : "an"} ${now}.`);
    router.refresh();
  }

  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role of {name}
        </label>
        <select
          id={selectId}
          value={selected}
          onChange={(event) => setSelected(event.target.value as Role)}
          disabled={busy}
          data-testid={`role-select-${userId}`}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={save}
          disabled={busy || selected === saved}
          data-testid={`role-save-${userId}`}
          className={
            "rounded border border-brand-600 px-3 py-1 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
            "hover:text-white disabled:opacity-50 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800"
          }
        >
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
      <div data-testid={`role-message-${userId}`} className="mt-1 text-xs">
        <p role="status" className="text-emerald-800 dark:text-emerald-300">
          {done}
        </p>
        <Alert message={error} />
      </div>
    </div>
  );
}
