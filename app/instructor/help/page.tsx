import type { Metadata } from "next";
import { HelpInbox } from "@/components/help/help-inbox";
import { HELP_INBOX_PATH } from "@/components/help/help-paths";
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
      <h1 className="text-3xl font-bold tracking-tight">Help requests</h1>
      <p className="mt-3 max-w-3xl text-slate-700 dark:text-slate-300">
        Questions your learners asked from a lab or an exercise, each with where they stood: a lab&apos;s tasks, its
        terminal&apos;s recent output and what its Docker engine held, or an exercise&apos;s attempt and its failed
        checks. Open ones come first, the longest waiting first. Only your classes&apos; learners are here.
      </p>
      <HelpInbox requests={requests} />
    </div>
  );
}
