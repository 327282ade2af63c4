"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { Role } from "@/lib/auth/current-user";

const LABEL: Record<Role, string> = { learner: "learner", instructor: "instructor", admin: "admin" };
const article = (role: Role) => (role === "learner" ? "a" : "an");

/**
 * Changes one account's role through `PATCH /api/admin/users/<id>/role` and says how it went beside the control: the
 * new role, or the server's own reason for refusing (the last admin, one's own account, a lost sign-in).
 */
export function RoleControl({
  userId,
  name,
  role,
  roles,
}: {
  userId: string;
  name: string;
  role: Role;
  roles: readonly Role[];
}) {
  const router = useRouter();
  const selectId = useId();
  const [saved, setSaved] = useState(role);
  const [selected, setSelected] = useState(role);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const [error, setError] = useState("");

  async function save() {
    setBusy(true);
    setDone("");
    setError("");
    try {
      const response = await fetch(`/api/admin/users/${encodeURIComponent(userId)}/role`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ role: selected }),
      });
      const body = (await response.json().catch(() => null)) as {
        person?: { role: Role };
        error?: { message?: string };
      } | null;
      if (!response.ok || !body?.person) {
        throw new Error(body?.error?.message ?? `The role could not be changed (HTTP ${response.status}).`);
      }
      setSaved(body.person.role);
      setSelected(body.person.role);
      setDone(`${name} is now ${article(body.person.role)} ${LABEL[body.person.role]}.`);
      router.refresh();
    } catch (err) {
      // fetch rejects with a TypeError when the request never got an answer.
      const unreachable = err instanceof TypeError || !(err instanceof Error);
      setError(unreachable ? "The server could not be reached. Please try again." : err.message);
    } finally {
      setBusy(false);
    }
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
              {LABEL[r]}
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
        {error && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
