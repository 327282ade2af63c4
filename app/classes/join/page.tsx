import type { Metadata } from "next";
import { JoinClassForm } from "@/components/classes/join-class-form";
import { Alert } from "@/components/http/alert";
import { TextLink } from "@/components/layout/text-link";
import { signedInPage } from "@/lib/access/roles";
import { classForCode } from "@/lib/classes/classes";
import { RequestError } from "@/lib/errors/request-error";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Join a class" };

/**
 * Where a join link lands. Opening it never joins by itself (a link can be followed by anything); the learner sees
 * which class it is and presses Join.
 */
export default async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const raw = (await searchParams).code;
  const code = typeof raw === "string" ? raw : "";
  const user = await signedInPage(`/classes/join?code=${encodeURIComponent(code)}`);
  let found: Awaited<ReturnType<typeof classForCode>> | undefined;
  let problem = "";
  if (code) {
    try {
      found = await classForCode(user, code);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      problem = err.message;
    }
  }
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-3xl font-bold tracking-tight">Join a class</h1>
      {found?.member ? (
        <p className="mt-4" data-testid="already-member">
          You are already in {found.name} ({found.term}). <TextLink href="/classes">Your classes</TextLink>
        </p>
      ) : (
        <>
          {found && (
            <p className="mt-4" data-testid="join-target">
              This code joins <strong>{found.name}</strong> ({found.term}). Its instructors and teaching assistants will
              see your submissions, quiz answers and lab progress.
            </p>
          )}
          <Alert className="mt-4" message={problem} />
          <JoinClassForm code={code} />
        </>
      )}
    </div>
  );
}
