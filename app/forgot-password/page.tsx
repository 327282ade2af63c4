import { ForgotPasswordForm } from "@/components/auth/password-reset-forms";

export const metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-3 text-center text-3xl font-bold">Forgot your password?</h1>
      <p className="mx-auto mb-6 max-w-sm text-center text-slate-700 dark:text-slate-300">
        Enter your account&apos;s e-mail address, and we send a link to set a new password.
      </p>
      <ForgotPasswordForm />
    </>
  );
}
