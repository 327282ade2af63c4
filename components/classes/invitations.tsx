"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import { authClient } from "@/lib/auth/auth-client";
import type { Invitation } from "@/lib/classes/invitations";

/**
 * The classes that invited the learner's address, each to accept or decline. Accepting is what shows a class's
 * staff the learner's work, so the card says so before the button.
 */
export function Invitations({ invitations }: { invitations: Invitation[] }) {
  const router = useRouter();
  const { busy, error, send } = useSend();

  async function answer(classId: string, accept: boolean) {
    const answered = await send("POST", `/api/me/invitations/${encodeURIComponent(classId)}`, { accept });
    if (answered) router.push(accept ? `/classes?joined=${encodeURIComponent(classId)}` : "/classes");
    router.refresh();
  }

  return (
    <section aria-labelledby="invitations-heading" className="mt-6" data-testid="invitations">
      <h2 id="invitations-heading" className="text-xl font-semibold">
        Invitations
      </h2>
      <ul className="mt-2 space-y-2">
        {invitations.map((i) => (
          <li key={i.classId} className="rounded border border-slate-200 p-3 dark:border-slate-800">
            <p>
              <span className="font-semibold">{i.className}</span> ({i.term}) invites you as{" "}
              {i.role === "ta" ? "a teaching assistant" : "a learner"}
              {i.invitedBy ? `, from ${i.invitedBy}` : ""}.
            </p>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              {i.role === "ta"
                ? "As its teaching assistant you see and grade its learners' work."
                : "If you join, its instructors and teaching assistants see your work on Dockyard (submissions, labs " +
                  "and quiz answers, including earlier ones) and grade it."}
            </p>
            <div className="mt-2 flex gap-2">
              {[true, false].map((accept) => (
                <button
                  key={String(accept)}
                  type="button"
                  disabled={busy}
                  className={accept ? PRIMARY_BUTTON : SECONDARY_BUTTON}
                  onClick={() => answer(i.classId, accept)}
                >
                  {accept ? `Join ${i.className}` : "Decline"}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <Alert className="mt-2 text-sm" message={error} />
    </section>
  );
}

/** For an account whose address is not proven yet: what that means here, and the verification link again. */
export function ConfirmAddress({ email }: { email: string }) {
  const [sending, setSending] = useState(false);
  const [said, setSaid] = useState("");

  async function resend() {
    setSending(true);
    const result = await authClient.sendVerificationEmail({ email, callbackURL: "/classes" });
    setSending(false);
    setSaid(
      result.error
        ? (result.error.message ?? "The link could not be sent. Try again in a minute.")
        : `A new link is on its way to ${email}.`,
    );
  }

  return (
    <div className="mt-6 rounded border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950">
      <p data-testid="confirm-address">
        Your e-mail address {email} is not confirmed yet. A class that invites you by it shows here once you open the
        link we sent when you signed up.
      </p>
      <button type="button" className={`mt-2 ${SECONDARY_BUTTON}`} disabled={sending} onClick={() => void resend()}>
        Send the link again
      </button>
      <p aria-live="polite" className="mt-1 text-sm">
        {said}
      </p>
    </div>
  );
}
