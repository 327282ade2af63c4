"use client";

import { useRouter } from "next/navigation";
import { focusOnArrival } from "@/components/http/focus-result";
import { FIELD, FIELD_LABEL, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useRequest } from "@/components/http/use-request";

/** A new class's name and term; on success its page opens, its heading taking the focus; a refusal takes it. */
export function CreateClassForm() {
  const router = useRouter();
  const { busy, send, refusal } = useRequest();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await send<{ id: string }>("POST", "/api/instructor/classes", classFields(form));
    if (!answer) return;
    const page = `/instructor/classes/${encodeURIComponent(answer.data.id)}`;
    focusOnArrival(page);
    router.push(page);
  }

  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3" data-testid="create-class">
      <ClassFields id="class" nameLabel="Name" />
      <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
        Create class
      </button>
      {refusal("w-full text-sm")}
    </form>
  );
}

/** A class's name and term, as creating or copying one asks for them (`id` starts the fields' ids). */
export function ClassFields({ id, nameLabel, name }: { id: string; nameLabel: string; name?: string }) {
  return (
    <>
      <div>
        <label htmlFor={`${id}-name`} className={FIELD_LABEL}>
          {nameLabel}
        </label>
        <input id={`${id}-name`} name="name" required maxLength={100} defaultValue={name} className={`${FIELD} w-64`} />
      </div>
      <div>
        <label htmlFor={`${id}-term`} className={FIELD_LABEL}>
          Term
        </label>
        <input
          id={`${id}-term`}
          name="term"
          required
          maxLength={60}
          placeholder="Spring 2027"
          className={`${FIELD} w-40`}
        />
      </div>
    </>
  );
}

/** The name and term ClassFields sent. */
export function classFields(form: FormData): { name: string; term: string } {
  return { name: String(form.get("name") ?? ""), term: String(form.get("term") ?? "") };
}
