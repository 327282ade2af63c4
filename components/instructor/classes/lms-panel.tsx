import { AttemptTime } from "@/components/history/attempt-time";
import { TextLink } from "@/components/layout/text-link";
import type { ClassLms } from "@/lib/lti/class-lms";
import { RosterSyncButton } from "./roster-sync-button";

/** A class that is an LMS course: its roster sync and how its scores are reaching the LMS. */
export function LmsPanel({ classId, lms, canManage }: { classId: string; lms: ClassLms; canManage: boolean }) {
  return (
    <div className="mt-2 space-y-2 text-sm" data-testid="class-lms">
      <p>
        This class is a course of <span className="font-medium">{lms.lmsName}</span>: learners come from it through LTI
        launches{lms.rosterService ? " and roster syncs" : ""}.
      </p>
      <p>
        Roster:{" "}
        {lms.rosterSyncedAt ? (
          <>
            last synced <AttemptTime date={lms.rosterSyncedAt} />
          </>
        ) : (
          "never synced"
        )}
        {canManage && lms.rosterService && (
          <>
            {" · "}
            <RosterSyncButton classId={classId} lmsName={lms.lmsName} />
          </>
        )}
        {!lms.rosterService && " (the LMS has not offered its roster service: turn on Names and Role Provisioning)"}
      </p>
      <p data-testid="grade-sync">
        Grade sync: {lms.gradedLinks} graded link{lms.gradedLinks === 1 ? "" : "s"}, {lms.scoresSent} score
        {lms.scoresSent === 1 ? "" : "s"} sent, {lms.scoresWaiting} waiting.{" "}
        <TextLink href={`/instructor/classes/${encodeURIComponent(classId)}/lms-scores`}>
          Scores sent to the LMS
        </TextLink>{" "}
        (each learner&apos;s, why a send failed, and Retry).
      </p>
      {lms.failures.length > 0 && (
        <ul className="list-disc pl-5 text-red-700 dark:text-red-300" data-testid="grade-sync-failures">
          {lms.failures.map((f) => (
            <li key={`${f.learner}-${f.item}`}>
              {f.learner}, {f.item}: {f.error} (tried {f.attempts} time{f.attempts === 1 ? "" : "s"}; Dockyard keeps
              trying)
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
