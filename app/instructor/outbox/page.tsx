import type { Metadata } from "next";
import { OrEmpty, PageTitle } from "@/components/instructor/page-section";
import { adminPage } from "@/lib/access/roles";
import { mailServerSet, readOutbox } from "@/lib/mail/send-mail";

export const metadata: Metadata = {
  title: "Mail outbox",
  description: "The e-mails Dockyard wrote while no SMTP server is set: verification and password reset links.",
};

export const dynamic = "force-dynamic";

export default async function OutboxPage() {
  await adminPage("/instructor/outbox");
  const smtp = mailServerSet();
  const messages = await readOutbox(100);
  return (
    <div>
      <PageTitle title="Mail outbox">
        {smtp
          ? "SMTP_URL is set, so new messages go to the mail server; messages written before it was set stay here."
          : "No mail server is set (SMTP_URL), so the messages Dockyard sends (address confirmations and password " +
            "resets) are kept here instead, newest first. Pass a link on to its person by a channel you trust, or " +
            "set SMTP_URL to send them."}
      </PageTitle>
      <OrEmpty rows={messages.length} empty="The outbox is empty." testId="outbox-empty" className="mt-4">
        <ul className="mt-4 space-y-3" data-testid="outbox">
          {messages.map((m) => (
            <li key={m.id} className="rounded border border-slate-200 p-3 dark:border-slate-800">
              <p className="font-semibold">{m.subject}</p>
              <p className="text-sm text-slate-700 dark:text-slate-300">
                To {m.to}, <time dateTime={m.sentAt}>{new Date(m.sentAt).toUTCString()}</time>
              </p>
              <pre className="mt-2 whitespace-pre-wrap break-all text-sm">{m.text}</pre>
            </li>
          ))}
        </ul>
      </OrEmpty>
    </div>
  );
}
