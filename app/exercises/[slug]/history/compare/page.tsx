import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CompareForm, sideOptions } from "@/components/history/compare-form";
import { defaultSides } from "@/components/history/default-sides";
import { DiffView } from "@/components/history/diff-view";
import { HistoryNav } from "@/components/history/history-nav";
import { orNotFound } from "@/components/history/or-not-found";
import { attemptPath, comparePath, historyPath } from "@/components/history/paths";
import { TextLink } from "@/components/layout/text-link";
import { signedInPage } from "@/lib/access/roles";
import { loadExercise } from "@/lib/exercises/load-exercise";
import { type CompareSide, compareAttempts, compareSideSchema, listAttempts } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare attempts" };

const querySchema = z.object({ from: compareSideSchema.optional(), to: compareSideSchema.optional() });

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ComparePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const exercise = await orNotFound(loadExercise(slug));
  const query = querySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const user = await signedInPage(historyPath(slug));
  const attempts = await listAttempts(user.id, slug);
  // Without a choice: the latest two attempts, as on the history page; a side picked alone is compared with the draft.
  const sides = defaultSides(attempts);
  const from: CompareSide = query.data.from ?? sides.from;
  const to: CompareSide = query.data.to ?? (query.data.from ? "draft" : sides.to);
  const comparison = await orNotFound(compareAttempts(user.id, slug, from, to));
  const sideLink = (side: CompareSide, label: string) =>
    side === "draft" || side === "starter" ? label : <TextLink href={attemptPath(slug, side)}>{label}</TextLink>;
  return (
    <div className="mx-auto max-w-5xl">
      <HistoryNav slug={slug} label="Comparison" />
      <h1 className="mt-2 text-4xl font-bold tracking-tight">Compare</h1>
      <p className="mt-2 text-lg text-slate-600 dark:text-slate-300">{exercise.spec.title}</p>
      <div className="mt-6">
        <CompareForm exercise={slug} options={sideOptions(attempts)} from={from} to={to} />
      </div>
      <h2 className="mt-8 text-xl font-semibold" data-testid="comparison-title">
        Changes from {sideLink(from, comparison.from.label)} to {sideLink(to, comparison.to.label)}
      </h2>
      {from !== to && (
        <p className="mt-1 text-sm">
          <TextLink href={comparePath(slug, to, from)}>Swap the sides</TextLink>
        </p>
      )}
      <DiffView files={comparison.files} from={comparison.from.label} to={comparison.to.label} />
    </div>
  );
}
