import type { Metadata } from "next";
import { HelpInbox } from "@/components/help/help-inbox";
import { HELP_INBOX_PATH } from "@/components/help/help-paths";
import { PageTitle } from "@/components/instructor/page-section";
import { staffPage } from "@/lib/access/roles";
import { helpInbox } from "@/lib/help/help-threads";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Help requests",
  description: "Your learners' questions from labs and exercises, open ones first.",
};

export default async function HelpInboxPage() {
  const user = await staffPage(HELP_INBOX_PATH);
  const requests = await helpInbox(user);
  return (
    <div>
      <PageTitle title="Help requests">
        Questions your learners asked from a lab or an exercise, each with where they stood: a lab&apos;s tasks, its
        terminal&apos;s recent output and what its Docker engine held, or an exercise&apos;s attempt and its failed
        checks. Open ones come first, the longest waiting first. Only your classes&apos; learners are here.
      </PageTitle>
      <HelpInbox requests={requests} />
    </div>
  );
}
