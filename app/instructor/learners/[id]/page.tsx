import type { Metadata } from "next";
import { orNotFound } from "@/components/history/or-not-found";
import { LearnerDetailView } from "@/components/instructor/learners/learner-detail";
import { LEARNERS_PATH, learnerPath } from "@/components/instructor/paths";
import { BackLink } from "@/components/layout/back-link";
import { staffPage } from "@/lib/access/roles";
import { staffScope } from "@/lib/access/staff-scope";
import { loadLearner } from "@/lib/instructor/learners";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Learner" };

export default async function LearnerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await staffPage(learnerPath(id));
  const detail = await orNotFound(loadLearner(id, await staffScope(user)));
  return (
    <div>
      <BackLink href={LEARNERS_PATH} label="All learners" className="mb-2 text-sm" />
      <LearnerDetailView detail={detail} />
    </div>
  );
}
