import { Suspense } from "react";
import { AuthForm } from "@/components/auth/auth-form";
import { InstitutionSignIn } from "@/components/auth/institution-sign-in";
import { sameSitePath } from "@/lib/http/same-site-path";
import { institutionSignInView } from "@/lib/institutions/institutions";

export const metadata = { title: "Sign in" };

// The institutions offered are the ones enabled now, and a refused institution sign-in comes back here to be read.
export const dynamic = "force-dynamic";

type Query = { next?: string | string[]; institution_problem?: string | string[]; institution?: string | string[] };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const { institutions, problem } = await institutionSignInView(query);
  const next = sameSitePath(query.next);
  return (
    <>
      <h1 className="mb-6 text-center text-3xl font-bold">Sign in</h1>
      <InstitutionSignIn institutions={institutions} problem={problem} next={next} />
      <Suspense>
        <AuthForm mode="sign-in" />
      </Suspense>
    </>
  );
}
