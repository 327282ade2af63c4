"use client";

import { useRouter } from "next/navigation";
import { focusOnArrival } from "@/components/http/focus-result";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useRequest } from "@/components/http/use-request";

/**
 * A new class's name and term; on success the class's page opens, with its join code, its heading taking the focus.
 * A refusal takes the focus where it is said.
 */
export function CreateClassForm() {
  const router = useRouter();
  const { busy, send, refusal } = useRequest();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await send<{ id: string }>("POST", "/api/instructor/classes", {
      name: String(form.get("name") ?? ""),
      term: String(form.get("term") ?? ""),
    });
    if (!answer) return;
    const page = `/instructor/classes/${encodeURIComponent(answer.data.id)}`;
    focusOnArrival(page);
    router.push(page);
  }

  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3" data-testid="create-class">
      <div>
        <label htmlFor="class-name" className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          Name
        </label>
        <input id="class-name" name="name" required maxLength={100} className={`${FIELD} w-64`} />
      </div>
      <div>
        <label htmlFor="class-term" className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          Term
        </label>
        <input
          id="class-term"
          name="term"
          required
          maxLength={60}
          placeholder="Spring 2027"
          className={`${FIELD} w-40`}
        />
      </div>
      <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
        Create class
      </button>
      {refusal("w-full text-sm")}
    </form>
  );
}
