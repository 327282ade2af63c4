import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SendOnceButton } from "@/components/account/send-once-button";
import { TextLink } from "@/components/layout/text-link";
import { currentUser } from "@/lib/auth/current-user";
import { addressStatus, addressToConfirm } from "@/lib/identities/address-proof";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Confirm your e-mail address",
  description: "Confirm the address your institution or LMS gave as this account's own.",
};

const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Where the mailed confirmation link lands. It changes nothing by itself (mail scanners open links): the signed-in
 * holder presses Confirm. Signed out, the page asks to sign in first and comes back here.
 */
export default async function ConfirmAddressPage({ searchParams }: { searchParams: Promise<{ token?: unknown }> }) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && TOKEN.test(token) ? token : undefined;
  const user = await currentUser();
  if (!user) {
    const here = `/account/confirm-address${valid ? `?token=${valid}` : ""}`;
    redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  }
  const [email, status] = await Promise.all([
    valid ? addressToConfirm(user.id, valid) : undefined,
    addressStatus(user.id),
  ]);
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-3xl font-bold tracking-tight">Confirm your e-mail address</h1>
      {email ? (
        <p className="mt-4">
          Make <span className="break-all font-medium">{email}</span> the address of the account you are signed in to (
          {user.name})? From then on it is this account's, and no other account can take it.{" "}
          <SendOnceButton
            url={`/api/me/address/confirm?token=${valid}`}
            label="Confirm"
            testId="confirm-address"
            then="refresh"
            done="Confirmed."
          />
        </p>
      ) : status?.proven && !status.own ? (
        <p role="status" className="mt-4" data-testid="address-confirmed">
          Your account's address is <span className="break-all font-medium">{status.email}</span>, confirmed.
        </p>
      ) : (
        <p role="alert" className="mt-4" data-testid="confirm-link-gone">
          This confirmation link is not for the account you are signed in to, was already used, or is more than 24 hours
          old. Ask for a new one on your account page.
        </p>
      )}
      <p className="mt-6">
        <TextLink href="/account">Back to your account</TextLink>
      </p>
    </div>
  );
}
