import { Suspense } from "react";
import { ResetPasswordForm } from "@/components/auth/password-reset-forms";

export const metadata = { title: "Set a new password" };

export default function ResetPasswordPage() {
  return (
    <>
      <h1 className="mb-6 text-center text-3xl font-bold">Set a new password</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </>
  );
}
