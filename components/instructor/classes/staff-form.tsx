"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useFocusResult } from "@/components/http/focus-result";
import { FIELD, FIELD_LABEL, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { sendJson } from "@/components/http/send-json";

/** Adds an account to the class's staff, or changes or ends their part, by their e-mail. */
export function StaffForm({ classId }: { classId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  // Save is disabled while it sends, which drops the focus: the line saying what happened takes it.
  const said = useRef<HTMLParagraphElement>(null);
  const focusResult = useFocusResult();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role"));
    setBusy(true);
    const answer = await sendJson("POST", `/api/instructor/classes/${encodeURIComponent(classId)}/staff`, {
      email: String(form.get("email") ?? ""),
      role: role === "none" ? null : role,
    });
    setBusy(false);
    setMessage(answer.ok ? "Saved." : answer.message);
    focusResult(said);
    if (answer.ok) router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3" data-testid="staff-form">
      <div>
        <label htmlFor="staff-email" className={FIELD_LABEL}>
          Their account&apos;s e-mail
        </label>
        <input id="staff-email" name="email" type="email" required className={`${FIELD} w-64`} />
      </div>
      <div>
        <label htmlFor="staff-role" className={FIELD_LABEL}>
          Part
        </label>
        <select id="staff-role" name="role" className={FIELD} defaultValue="ta">
          <option value="ta">Teaching assistant (sees and grades)</option>
          <option value="instructor">Instructor (also manages the class)</option>
          <option value="none">Not on the staff</option>
        </select>
      </div>
      <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
        Save
      </button>
      <p ref={said} tabIndex={-1} aria-live="polite" className="w-full text-sm">
        {message}
      </p>
    </form>
  );
}
