import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionButton } from "@/components/http/action-button";
import { currentUser } from "@/lib/auth/current-user";
import { linkedInstitutions } from "@/lib/institutions/identities";
import { institutionSignInView } from "@/lib/institutions/institutions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your account",
  description: "Your account, and the institutions you can sign in through.",
};

type Query = { linked?: string | string[]; institution_problem?: string | string[]; institution?: string | string[] };

const LINK = "text-brand-600 underline dark:text-sky-300";

export default async function AccountPage({ searchParams }: { searchParams: Promise<Query> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Faccount");
  const query = await searchParams;
  const [{ institutions, problem }, linked] = await Promise.all([
    institutionSignInView(query),
    linkedInstitutions(user.id),
  ]);
  const linkedIds = new Set(linked.map((l) => l.institutionId));
  const justLinked = linked.find((l) => l.institutionId === query.linked);
  const linkable = institutions.filter((i) => !linkedIds.has(i.id));
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
      <dl className="mt-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]">
        <dt className="font-medium">Name</dt>
        <dd className="min-w-0 wrap-anywhere">{user.name}</dd>
        <dt className="font-medium">E-mail</dt>
        <dd className="min-w-0 break-all">{user.email}</dd>
      </dl>
      <section aria-labelledby="institution-sign-in" className="mt-8">
        <h2 id="institution-sign-in" className="text-xl font-semibold">
          Institution sign-in
        </h2>
        {justLinked && (
          <p role="status" className="mt-3 rounded bg-emerald-50 p-3 dark:bg-emerald-950" data-testid="linked">
            Linked {justLinked.name}: you can now sign in to this account through it.
          </p>
        )}
        {problem && (
          <p
            role="alert"
            data-testid="institution-problem"
            className={
              "mt-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 " +
              "dark:border-red-800 dark:bg-red-950 dark:text-red-200"
            }
          >
            {problem}
          </p>
        )}
        {linked.length === 0 ? (
          <p className="mt-3" data-testid="no-linked-institutions">
            No institution sign-in is linked to this account.
          </p>
        ) : (
          <ul className="mt-3 space-y-1" data-testid="linked-institutions">
            {linked.map((l) => (
              <li key={l.institutionId} className="wrap-anywhere">
                {l.name}
                {l.email ? <span className="text-slate-600 dark:text-slate-400"> ({l.email})</span> : null}{" "}
                <ActionButton
                  method="DELETE"
                  url={`/api/me/institutions/${encodeURIComponent(l.institutionId)}`}
                  label="Unlink"
                  confirm={`Unlink ${l.name}? Its sign-in will no longer open this account.`}
                  ariaLabel={`Unlink ${l.name}`}
                />
              </li>
            ))}
          </ul>
        )}
        {linkable.length > 0 && (
          <>
            <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
              Linking signs you in at your institution once; from then on its sign-in opens this account.
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
      </section>
    </div>
  );
}
