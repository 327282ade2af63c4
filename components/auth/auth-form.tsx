"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import type { ComponentProps, FormEvent } from "react";
import { useViewer } from "@/components/viewer/viewer";
import { ACCOUNT_LIMITS } from "@/lib/auth/account-limits";
import { authClient } from "@/lib/auth/auth-client";
import { sameSitePath } from "@/lib/http/same-site-path";
import { ProblemBox } from "./institution-sign-in";
import { useAuthSubmit } from "./password-reset-forms";

export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const { refresh } = useViewer();
  const next = sameSitePath(useSearchParams().get("next"));
  const { error, setError, pending, hydrated, submit } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "");
    // The same limits the auth server holds to, said before a round trip; the server's word is still the rule. Loaded
    // on submit so zod stays out of the sign-in and sign-up pages' first load.
    const problem =
      mode === "sign-up" ? (await import("@/lib/auth/account-fields")).accountFieldProblem({ name, email }) : undefined;
    if (problem) {
      setError(problem);
      return;
    }
    // The auth server limits sign-in and sign-up attempts per address; its wait is only in a response header.
    let retryAfter: string | null = null;
    const fetchOptions = {
      onError: ({ response }: { response: Response }) => {
        retryAfter = response.headers.get("X-Retry-After");
      },
    };
    const signedIn = await submit(
      () =>
        mode === "sign-up"
          ? authClient.signUp.email({ email, password, name }, fetchOptions)
          : authClient.signIn.email({ email, password }, fetchOptions),
      // A 429 is either the wait after failed sign-ins (to the account, or from the address), which says itself what
      // happened, that a browser signed in from before still works and how to reset, or the network's ceiling.
      (refusal) =>
        (THROTTLE_CODES.has(refusal.code ?? "") && refusal.message) ||
        (refusal.status === 429
          ? tooManyAttempts(retryAfter)
          : (refusal.message ?? "That did not work. Check your details and try again.")),
    );
    if (!signedIn) return;
    await refresh();
    router.push(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-sm space-y-4" noValidate={false}>
      {mode === "sign-up" && (
        <Field label="Name" name="name" type="text" autoComplete="name" maxLength={ACCOUNT_LIMITS.nameChars} />
      )}
      <Field label="Email" name="email" type="email" autoComplete="email" maxLength={ACCOUNT_LIMITS.emailChars} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
        minLength={8}
      />
      <ProblemBox problem={error} testId="auth-error" />
      <button
        type="submit"
        disabled={pending || !hydrated}
        className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Please wait…" : mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
      <p className="text-center text-sm">
        {mode === "sign-up" ? (
          <>
            Already have an account?{" "}
            <Link className="underline" href={`/sign-in?next=${encodeURIComponent(next)}`}>
              Sign in
            </Link>
          </>
        ) : (
          <>
            New here?{" "}
            <Link className="underline" href={`/sign-up?next=${encodeURIComponent(next)}`}>
              Create an account
            </Link>
            <span className="mt-2 block">
              <Link className="underline" href="/forgot-password">
                Forgot your password?
              </Link>
            </span>
          </>
        )}
      </p>
    </form>
  );
}

function Field({ label, ...input }: { label: string } & ComponentProps<"input">) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <input
        required
        {...input}
        className={
          "mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 " +
          "text-base dark:border-slate-700 dark:bg-slate-900"
        }
      />
    </label>
  );
}

/** The codes of lib/auth/sign-in-throttle.ts's refusals (lib/auth/auth.ts). */
const THROTTLE_CODES = new Set(["ACCOUNT_THROTTLED", "ADDRESS_THROTTLED"]);

/** Says how long to wait, so nobody keeps clicking into a limit they cannot see. */
function tooManyAttempts(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  const wait =
    Number.isInteger(seconds) && seconds > 0 ? `in ${seconds} second${seconds === 1 ? "" : "s"}` : "in a minute";
  return `Too many attempts from your network in a short time. Try again ${wait}.`;
}
