"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/http/alert";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useHydrated } from "@/components/http/use-hydrated";
import { authClient } from "@/lib/auth/auth-client";

/** A form's request through the auth client: `pending` while it runs, and a refusal in `refused`'s words as `error`. */
export function useAuthSubmit(initialError: string | null = null) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  async function submit<E>(run: () => Promise<{ error: E | null }>, refused: (error: E) => string): Promise<boolean> {
    setPending(true);
    setError(null);
    const result = await run();
    setPending(false);
    if (result.error) setError(refused(result.error));
    return !result.error;
  }
  return { error, setError, pending, hydrated, submit };
}

/**
 * "Forgot your password?": asks for a reset link. The answer is the same whether or not an account has the address,
 * so the form tells nobody which addresses have accounts.
 */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { error, pending, hydrated, submit } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    const asked = await submit(
      () => authClient.requestPasswordReset({ email, redirectTo: "/reset-password" }),
      (refusal) => refusal.message ?? "That did not work. Check the address and try again.",
    );
    if (asked) setSent(email);
  }

  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-sm space-y-4">
      <label className="block text-sm font-medium">
        Email
        <input required name="email" type="email" autoComplete="email" className={`mt-1 block w-full ${FIELD}`} />
      </label>
      <button type="submit" disabled={pending || !hydrated} className={`w-full ${PRIMARY_BUTTON}`}>
        {pending ? "Please wait…" : "Send me a link"}
      </button>
      <div aria-live="polite">
        {sent && (
          <p role="status" data-testid="reset-sent" className="rounded bg-emerald-50 p-3 text-sm dark:bg-emerald-950">
            If an account has the address {sent}, a link to set a new password is on its way to it. The link works for
            one hour.
          </p>
        )}
        <Alert className="text-sm" message={error} />
      </div>
    </form>
  );
}

/** The page a reset link opens: a new password for the account the link's token names. */
export function ResetPasswordForm() {
  const params = useSearchParams();
  const token = params.get("token");
  const [done, setDone] = useState(false);
  const { error, pending, hydrated, submit } = useAuthSubmit(
    params.get("error") || !token
      ? "This link does not work: it is wrong, used or older than an hour. Ask for a new one below."
      : null,
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!token) return;
    const reset = await submit(
      () => authClient.resetPassword({ newPassword, token }),
      (refusal) => refusal.message ?? "That did not work. Ask for a new link and try again.",
    );
    if (reset) setDone(true);
  }

  if (done)
    return (
      <p
        role="status"
        data-testid="reset-done"
        className="mx-auto max-w-sm rounded bg-emerald-50 p-3 dark:bg-emerald-950"
      >
        Your new password is set, and every other session of the account is signed out.{" "}
        <Link className="underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    );
  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-sm space-y-4">
      <label className="block text-sm font-medium">
        New password
        <input
          required
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={128}
          className={`mt-1 block w-full ${FIELD}`}
        />
      </label>
      <button type="submit" disabled={pending || !token || !hydrated} className={`w-full ${PRIMARY_BUTTON}`}>
        {pending ? "Please wait…" : "Set the new password"}
      </button>
      {error && (
        <p role="alert" data-testid="reset-error" className="text-sm text-red-700 dark:text-red-300">
          {error}{" "}
          <Link className="underline" href="/forgot-password">
            Ask for a new link
          </Link>
        </p>
      )}
    </form>
  );
}
