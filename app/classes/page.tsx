import type { Metadata } from "next";
import { ConfirmAddress, Invitations } from "@/components/classes/invitations";
import { JoinClassForm } from "@/components/classes/join-class-form";
import { TextLink } from "@/components/layout/text-link";
import { signedInPage } from "@/lib/access/roles";
import { joinedClasses } from "@/lib/classes/classes";
import { invitationsFor } from "@/lib/classes/invitations";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your classes",
  description: "The classes you are in, and joining one with its code.",
};

export default async function ClassesPage({ searchParams }: { searchParams: Promise<{ joined?: string }> }) {
  const user = await signedInPage("/classes");
  const [classes, { joined }, invited] = await Promise.all([
    joinedClasses(user.id),
    searchParams,
    invitationsFor(user),
  ]);
  const justJoined = classes.find((c) => c.id === joined);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Your classes</h1>
      {justJoined && (
        <p role="status" className="mt-4 rounded bg-emerald-50 p-3 dark:bg-emerald-950" data-testid="joined-class">
          You are in {justJoined.name} ({justJoined.term}). Its instructors now see your work here.
        </p>
      )}
      {/* An LMS-made account's own address is under .invalid, which no mail reaches: nothing to confirm there. */}
      {!invited.proven && !user.email.endsWith(".invalid") && <ConfirmAddress email={user.email} />}
      {invited.invitations.length > 0 && <Invitations invitations={invited.invitations} />}
      {classes.length === 0 ? (
        <p className="mt-4" data-testid="no-classes">
          You are in no class. The course is open to you all the same; join a class when your instructor gives you its
          code, so they see your work and your deadlines show up.
        </p>
      ) : (
        <ul className="mt-4 space-y-2" data-testid="my-classes">
          {classes.map((c) => (
            <li key={c.id} className="rounded border border-slate-200 p-3 dark:border-slate-800">
              <span className="font-semibold">{c.name}</span>{" "}
              <span className="text-slate-600 dark:text-slate-400">{c.term}</span>
            </li>
          ))}
        </ul>
      )}
      {classes.length > 0 && (
        <p className="mt-3">
          <TextLink href="/due">What is due</TextLink>
        </p>
      )}
      <h2 className="mt-8 text-xl font-semibold">Join a class</h2>
      <JoinClassForm />
    </div>
  );
}
