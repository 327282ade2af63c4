import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AttemptTime } from "@/components/history/attempt-time";
import { orNotFound } from "@/components/history/or-not-found";
import { RetryScoresButton } from "@/components/instructor/classes/retry-scores-button";
import { ScoreSendState } from "@/components/instructor/classes/score-send-state";
import { OrEmpty, PageSection, PageTitle } from "@/components/instructor/page-section";
import { Clipped } from "@/components/instructor/tables/clipped";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { BackLink } from "@/components/layout/back-link";
import { staffPage } from "@/lib/access/roles";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { classScoreLog } from "@/lib/lti/score-log";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Scores sent to the LMS" };

export default async function LmsScoresPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!rowIdSchema.safeParse(id).success) notFound();
  const user = await staffPage(`/instructor/classes/${id}/lms-scores`);
  const log = await orNotFound(classScoreLog(user, id));
  if (!log) {
    return (
      <div>
        <BackLink href={`/instructor/classes/${id}`} label="The class" className="mb-2 text-sm" />
        <h1 className="text-3xl font-bold tracking-tight">Scores sent to the LMS</h1>
        <p className="mt-3" data-testid="lms-scores-not-linked">
          This class is not an LMS course&apos;s, so Dockyard sends its scores nowhere. A class becomes one when a
          learner or instructor launches Dockyard from the course over LTI.
        </p>
      </div>
    );
  }
  const { counts } = log;
  return (
    <div>
      <BackLink href={`/instructor/classes/${id}`} label={log.className} className="mb-2 text-sm" />
      <PageTitle title="Scores sent to the LMS">
        Each learner&apos;s score on each graded link of {log.lmsName}: what the LMS took and when, what is waiting to
        be sent, and why a send failed, with how to fix it. Dockyard sends a changed score within seconds and tries a
        failed one again with a growing wait; after fixing the LMS, send it again now.
      </PageTitle>
      <p className="mt-2 text-sm" data-testid="lms-score-counts">
        {counts.sent} sent, {counts.waiting} waiting, {counts.failed} failed, {counts.nothing} with no score yet.
      </p>
      {log.ungradedLinks.length > 0 && (
        <p className="mt-2 max-w-3xl text-sm" data-testid="lms-ungraded-links">
          Not graded in {log.lmsName}, so nothing is sent: {log.ungradedLinks.join(", ")}. Their launches named no grade
          column; an admin&apos;s &ldquo;Check this LMS&rdquo; (LTI platforms) says what to change.
        </p>
      )}
      <PageSection id="sends" title="Learners and items" className="mt-6">
        {counts.failed > 0 && (
          <p className="mt-2">
            <RetryScoresButton
              classId={id}
              label={counts.failed === 1 ? "Retry the failed one now" : `Retry all ${counts.failed} failed now`}
            />
          </p>
        )}
        <OrEmpty
          rows={log.rows.length}
          empty="No learner has launched a graded link of this class yet."
          testId="lms-scores-empty"
        >
          <DataTable
            caption="Scores sent to the LMS, failed ones first"
            testId="lms-scores"
            size="w-full min-w-[48rem]"
            head={<Ths labels={["Learner", "Item", "In the LMS", "Sending"]} />}
          >
            {log.rows.map((r) => (
              <Tr key={`${r.linkId}-${r.userId}`} data-state={r.state}>
                <RowHeader>
                  <Clipped text={r.learner} />
                </RowHeader>
                <Td>{r.item}</Td>
                <Td>
                  {r.sentAt && r.sentScore !== null ? (
                    <>
                      {r.sentScore} %, sent <AttemptTime date={r.sentAt} />
                    </>
                  ) : (
                    "nothing yet"
                  )}
                </Td>
                <Td className="max-w-xl">
                  <ScoreSendState row={r} lmsName={log.lmsName} />
                  {r.failure && (
                    <RetryScoresButton
                      classId={id}
                      only={{ linkId: r.linkId, userId: r.userId }}
                      label="Retry now"
                      description={`${r.learner}, ${r.item}`}
                    />
                  )}
                </Td>
              </Tr>
            ))}
          </DataTable>
        </OrEmpty>
        {log.truncated && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Only the first {log.rows.length} are shown: the failed and waiting ones first.
          </p>
        )}
      </PageSection>
    </div>
  );
}
