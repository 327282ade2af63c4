import type { Metadata } from "next";
import { AttemptsTable } from "@/components/history/attempts-table";
import { CompareForm, sideOptions } from "@/components/history/compare-form";
import { defaultSides } from "@/components/history/default-sides";
import { orNotFound } from "@/components/history/or-not-found";
import { historyPath } from "@/components/history/paths";
import { PageSection } from "@/components/instructor/page-section";
import { BackLink } from "@/components/layout/back-link";
import { signedInPage } from "@/lib/access/roles";
import { loadExercise } from "@/lib/exercises/load-exercise";
import { listAttempts } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const exercise = await orNotFound(loadExercise((await params).slug));
  return { title: `Your attempts: ${exercise.spec.title}` };
}

export default async function HistoryPage({ params }: Props) {
  const { slug } = await params;
  const exercise = await orNotFound(loadExercise(slug));
  const user = await signedInPage(historyPath(slug));
  const attempts = await listAttempts(user.id, slug);
  return (
    <div className="mx-auto max-w-5xl">
      <BackLink href={`/exercises/${slug}`} label="Back to the exercise" />
      <h1 className="mt-2 text-4xl font-bold tracking-tight">Your attempts</h1>
      <p className="mt-2 text-lg text-slate-600 dark:text-slate-300">{exercise.spec.title}</p>
      {attempts.length === 0 ? (
        <p className="mt-6" data-testid="no-attempts">
          You have not submitted this exercise yet. Each submission is kept here with its files and report.
        </p>
      ) : (
        <>
          <PageSection id="compare-title" title="Compare two versions" className="mt-6" heading="text-lg font-semibold">
            <div className="mt-2">
              <CompareForm exercise={slug} options={sideOptions(attempts)} {...defaultSides(attempts)} />
            </div>
          </PageSection>
          <PageSection
            id="attempts-title"
            title="Every attempt, newest first"
            className="mt-8"
            heading="text-lg font-semibold"
          >
            <AttemptsTable exercise={slug} attempts={attempts} />
          </PageSection>
        </>
      )}
    </div>
  );
}
