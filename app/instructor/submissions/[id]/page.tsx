import type { Metadata } from "next";
import { orNotFound } from "@/components/history/or-not-found";
import { SubmissionDetailView } from "@/components/instructor/submissions/submission-detail";
import { BackLink } from "@/components/layout/back-link";
import { CourseLessonTitles } from "@/components/report/course-lesson-titles";
import { RubricGrading } from "@/components/rubrics/rubric-grading";
import { offerFromView, shellSettings } from "@/components/shell/offer-from-view";
import { SUBMISSIONS_PATH, submissionPath } from "@/components/submission-paths/submission-paths";
import { staffPage } from "@/lib/access/roles";
import { staffScope } from "@/lib/access/staff-scope";
import { loadSubmissionDetail } from "@/lib/instructor/submissions";
import { rubricPanels } from "@/lib/rubrics/rubrics";
import { shellView } from "@/lib/shell/shell-view";
import { listComments } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Submission" };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await staffPage(submissionPath(id));
  const detail = await orNotFound(loadSubmissionDetail(id, await staffScope(user)));
  const [shell, comments, rubrics] = await Promise.all([
    shellView(user, id),
    // The same rule as the detail's (canSeeLearner): whoever got this far may read and write the feedback.
    orNotFound(listComments(user, id)),
    // The class rubrics the reader grades this learner's exercise by (lib/rubrics/): none when there is none.
    rubricPanels(user, id),
  ]);
  return (
    <div>
      <BackLink href={SUBMISSIONS_PATH} label="All submissions" className="mb-2 text-sm" />
      {/* The report's lesson links read as the lessons' titles. */}
      <CourseLessonTitles>
        <SubmissionDetailView
          detail={detail}
          comments={comments}
          grading={rubrics.map((panel) => (
            // Keyed by the submission too: "Save and next learner" opens another one's page with a fresh box.
            <RubricGrading
              key={`${id}:${panel.assignmentId}`}
              submissionId={id}
              learnerName={detail.learner.name}
              panel={{
                ...panel,
                grade: panel.grade && { ...panel.grade, gradedAt: panel.grade.gradedAt.toISOString() },
              }}
            />
          ))}
          shell={{
            submissionId: id,
            // An exercise since removed from the course keeps its submissions; its shell then has the defaults.
            ...shellSettings(detail.exercise.spec),
            ...offerFromView(shell),
          }}
        />
      </CourseLessonTitles>
    </div>
  );
}
