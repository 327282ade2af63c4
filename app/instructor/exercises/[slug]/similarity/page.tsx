import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { orNotFound } from "@/components/history/or-not-found";
import { exerciseSimilarityPath } from "@/components/instructor/paths";
import { SimilarityReportView } from "@/components/instructor/similarity/similarity-report";
import { staffPage } from "@/lib/access/roles";
import { staffScope } from "@/lib/access/staff-scope";
import { slugSchema } from "@/lib/content/schemas";
import { similarityReport } from "@/lib/instructor/similarity";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Similar Dockerfiles" };

export default async function ExerciseSimilarityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { slug } = await params;
  // The class picker's "all" option sends an empty class.
  const classId = searchParam(await searchParams, "class") || null;
  const user = await staffPage(exerciseSimilarityPath(slug, classId ?? undefined));
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const scope = await staffScope(user);
  const report = await orNotFound(similarityReport(scope, parsed.data, classId));
  return <SimilarityReportView report={report} scope={scope} />;
}
