import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A message as the SMTP server received it: its recipients, its subject line and the raw text. */
export interface ReceivedMail {
  to: string;
  subject: string;
  raw: string;
}

/**
 * A real SMTP server on a loopback port for tests whose subject is mail (nodemailer sends to it through SMTP_URL), and
 * what it received, newest last.
 */
export async function startSmtpInbox(): Promise<{ url: string; inbox: ReceivedMail[]; close(): Promise<void> }> {
  const inbox: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        const subject = raw.match(/^Subject: (.*)$/m)?.[1] ?? "";
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), subject, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    inbox,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
