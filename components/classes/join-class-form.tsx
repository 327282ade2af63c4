"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/http/alert";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";

/** A class's join code, typed or brought by a join link; joining opens the learner's classes. */
export function JoinClassForm({ code = "" }: { code?: string }) {
  const router = useRouter();
  const { busy, error, send } = useSend();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const answer = await send<{ id: string; name: string }>("POST", "/api/classes/join", {
      code: String(new FormData(event.currentTarget).get("code") ?? ""),
    });
    if (!answer) return;
    router.push(`/classes?joined=${encodeURIComponent(answer.data.id)}`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3" data-testid="join-class">
      <div>
        <label htmlFor="join-code" className="block text-sm font-medium">
          Join code
        </label>
        <input
          id="join-code"
          name="code"
          defaultValue={code}
          required
          maxLength={20}
          autoComplete="off"
          placeholder="ABCD-2345"
          className={`${FIELD} font-mono uppercase tracking-widest`}
        />
      </div>
      <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
        Join class
      </button>
      <Alert className="w-full text-sm" testId="join-error" message={error} />
    </form>
  );
}
