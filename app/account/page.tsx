import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SendOnceButton } from "@/components/account/send-once-button";
import { ProblemBox } from "@/components/auth/institution-sign-in";
import { ActionButton } from "@/components/http/action-button";
import { PageSection } from "@/components/instructor/page-section";
import { currentUser } from "@/lib/auth/current-user";
import { formatAbsoluteTime } from "@/lib/format/relative-time";
import { type AddressStatus, addressStatus } from "@/lib/identities/address-proof";
import { HOW_LINKED } from "@/lib/identities/identity-mail";
import { linkedIdentities } from "@/lib/identities/linked-identities";
import { institutionSignInView } from "@/lib/institutions/institutions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your account",
  description: "Your account, its e-mail address, and every way to sign in to it.",
};

type Query = Partial<Record<"linked" | "institution_problem" | "institution" | "address", string | string[]>>;

const LINK = "text-brand-600 underline dark:text-sky-300";
const MUTED = "text-slate-600 dark:text-slate-400";

export default async function AccountPage({ searchParams }: { searchParams: Promise<Query> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Faccount");
  const query = await searchParams;
  const [{ institutions, problem }, linked, address] = await Promise.all([
    institutionSignInView(query),
    linkedIdentities(user.id),
    addressStatus(user.id),
  ]);
  const institutionLink = (id: unknown) => linked.find((l) => l.kind === "institution" && l.id === id);
  const justLinked = institutionLink(query.linked);
  const linkable = institutions.filter((i) => !institutionLink(i.id));
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
      {query.address === "confirmed" && (
        <p role="status" className="mt-3 rounded bg-emerald-50 p-3 dark:bg-emerald-950" data-testid="address-confirmed">
          Your e-mail address is confirmed: it is this account's now.
        </p>
      )}
      <dl className="mt-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]">
        <dt className="font-medium">Name</dt>
        <dd className="min-w-0 wrap-anywhere">{user.name}</dd>
        <dt className="font-medium">E-mail</dt>
        <dd className="min-w-0" data-testid="account-email">
          {address ? <AddressLine address={address} /> : <span className="break-all">{user.email}</span>}
        </dd>
      </dl>
      <PageSection id="ways-in" title="Ways to sign in" className="mt-8">
        {justLinked && (
          <p role="status" className="mt-3 rounded bg-emerald-50 p-3 dark:bg-emerald-950" data-testid="linked">
            Linked {justLinked.name}: you can now sign in to this account through it.
          </p>
        )}
        <ProblemBox problem={problem} testId="institution-problem" className="mt-3" />
        {linked.length === 0 ? (
          <p className="mt-3" data-testid="no-linked-institutions">
            No institution or LMS sign-in is linked to this account.
          </p>
        ) : (
          <ul className="mt-3 space-y-3" data-testid="linked-institutions">
            {linked.map((l) => (
              <li key={`${l.kind}:${l.id}`} className="wrap-anywhere" data-testid="linked-identity">
                <span className="font-medium">{l.name}</span>{" "}
                <span className={MUTED}>
                  ({l.kind === "institution" ? "institution sign-in" : "LMS"}
                  {l.email ? `, as ${l.email}` : ""})
                </span>{" "}
                {l.kind === "institution" && (
                  <ActionButton
                    method="DELETE"
                    url={`/api/me/institutions/${encodeURIComponent(l.id)}`}
                    label="Unlink"
                    confirm={`Unlink ${l.name}? Its sign-in will no longer open this account.`}
                    ariaLabel={`Unlink ${l.name}`}
                  />
                )}
                <span className={`block text-sm ${MUTED}`}>
                  Linked <time dateTime={l.linkedAt.toISOString()}>{formatAbsoluteTime(l.linkedAt)}</time>:{" "}
                  {HOW_LINKED[l.linkedHow]}.
                  {!l.addressProven &&
                    (address?.own
                      ? " No address was proven then; confirming your address keeps it."
                      : " Your address was not proven then: when someone proves it by the mailed link, this link " +
                        "is removed.")}
                </span>
              </li>
            ))}
          </ul>
        )}
        {linkable.length > 0 && (
          <>
            <p className={`mt-4 text-sm ${MUTED}`}>
              Linking signs you in at your institution once; from then on its sign-in opens this account
              {address?.proven ? ", and a mail tells your confirmed address" : ""}.
            </p>
            <ul className="mt-2 space-y-1">
              {linkable.map((i) => (
                <li key={i.id}>
                  <a className={LINK} href={`/api/auth-institution/${encodeURIComponent(i.id)}/link`}>
                    Link your {i.name} account
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </PageSection>
    </div>
  );
}

/** The account's address and whether it is proven, with the way to prove it. */
function AddressLine({ address }: { address: AddressStatus }) {
  if (address.own) {
    return (
      <>
        <span data-testid="address-state">No confirmed address yet.</span>
        {address.unproven ? (
          <span className="mt-1 block">
            Your institution or LMS gave <span className="break-all font-medium">{address.unproven}</span>, which it
            does not vouch for, so it is not this account's until you confirm it from that mailbox.{" "}
            <SendOnceButton
              url="/api/me/address/confirmation"
              label="Confirm it by e-mail"
              testId="send-address-confirmation"
              done="Sent a link to {sentTo}: open it in this browser."
            />
          </span>
        ) : null}
      </>
    );
  }
  return (
    <>
      <span className="break-all">{address.email}</span>{" "}
      <span data-testid="address-state" className={MUTED}>
        {address.proven
          ? "(confirmed)"
          : "(not confirmed: open the link mailed when you signed up. Until then no class can invite you by it, " +
            "and an institution or LMS linked meanwhile is removed once the address is confirmed.)"}
      </span>
    </>
  );
}
