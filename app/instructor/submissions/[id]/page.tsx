import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/components/history/or-not-found";
import { SUBMISSIONS_PATH, submissionPath } from "@/components/instructor/submissions/paths";
import { SubmissionDetailView } from "@/components/instructor/submissions/submission-detail";
import { staffPage } from "@/lib/auth/roles";
import { loadSubmissionDetail } from "@/lib/instructor/submissions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Submission" };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await staffPage(submissionPath(id));
  const detail = await orNotFound(loadSubmissionDetail(id));
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={SUBMISSIONS_PATH} className="text-brand-600 underline dark:text-sky-300">
          ← All submissions
        </Link>
      </p>
      <SubmissionDetailView detail={detail} />
    </div>
  );
}
