import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/help/auto-refresh";
import { HELP_INBOX_PATH, helpRequestPath } from "@/components/help/help-paths";
import { HelpSnapshotView } from "@/components/help/help-snapshot";
import { HelpThread } from "@/components/help/help-thread";
import { WatchLive } from "@/components/help/watch-live";
import { AttemptTime } from "@/components/history/attempt-time";
import { orNotFound } from "@/components/history/or-not-found";
import { PageSection } from "@/components/instructor/page-section";
import { BackLink } from "@/components/layout/back-link";
import { staffPage } from "@/lib/access/roles";
import { helpRequestForStaff } from "@/lib/help/help-threads";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Help request" };

export default async function HelpRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await staffPage(helpRequestPath(id));
  const request = await orNotFound(helpRequestForStaff(user, id));
  const open = request.status === "open";
  const itemPath = `/${request.kind === "lab" ? "labs" : "exercises"}/${request.itemSlug}`;
  return (
    <div>
      <AutoRefresh active={open} />
      <BackLink href={HELP_INBOX_PATH} label="All help requests" className="mb-2 text-sm" />
      <h1 className="text-3xl font-bold tracking-tight wrap-anywhere">
        {request.learner.name} on {request.kind === "lab" ? "the lab" : "the exercise"}{" "}
        <Link href={itemPath} className="underline">
          {request.itemTitle}
        </Link>
      </h1>
      <p
        className="mt-2 text-sm text-slate-600 wrap-anywhere dark:text-slate-400"
        data-testid="help-status"
        data-status={request.status}
      >
        {open ? "Open" : "Resolved"} · asked <AttemptTime date={new Date(request.createdAt)} /> ·{" "}
        {request.learner.email}
      </p>
      <blockquote
        className="mt-4 max-w-3xl whitespace-pre-wrap wrap-anywhere border-l-4 border-brand-600 pl-4 text-lg"
        data-testid="help-question"
      >
        {request.question}
      </blockquote>

      {request.watch && (
        <PageSection
          id="watch-live-title"
          title="Watch live (read-only)"
          testId="watch-live"
          intro={
            "The learner let their class staff watch one terminal tab of this lab while the request is open. You " +
            "see what that tab shows; nothing you type reaches their lab. Watching ends, with nothing more sent, " +
            "when they stop sharing or the request is resolved."
          }
        >
          <div className="mt-3">
            <WatchLive requestId={request.id} {...request.watch} />
          </div>
        </PageSection>
      )}
      {!request.watch && request.kind === "lab" && open && (
        <p className="mt-6 text-sm text-slate-600 dark:text-slate-400" data-testid="watch-unavailable">
          {request.watchConsent
            ? "The learner lets their class staff watch their lab's terminal; it is not open now (or you are not " +
              "staff of their class)."
            : "The learner has not let staff watch their lab's terminal."}
        </p>
      )}

      <PageSection id="help-thread-title" title="Thread" testId="help-thread">
        <HelpThread request={request} reader="staff" />
      </PageSection>

      <PageSection id="help-snapshot-title" title="When they asked">
        <HelpSnapshotView snapshot={request.snapshot} />
      </PageSection>
    </div>
  );
}
