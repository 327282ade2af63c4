import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { env } from "../config/env";

/**
 * The platform's one way to send e-mail (verification, password reset). Where `SMTP_URL` is set, messages go through
 * that server with nodemailer (`smtp://user:pass@host:587`, `smtps://…:465`). On the single-machine default there is
 * no mail server, so nothing needs one to start: messages go to an outbox, files under `<DATA_DIR>/outbox/` that
 * admins read at /instructor/outbox, and a line in the web server's log says one was written.
 */
const outboxMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export type Mail = Pick<OutboxMessage, "to" | "subject" | "text">;

/** A message that greets `name` (or no one by name) and goes on with `lines`. */
export function letter(to: string, subject: string, name: string | null, lines: string[]): Mail {
  return { to, subject, text: [name === null ? "Hello," : `Hello ${name},`, "", ...lines].join("\n") };
}

const transports = new Map<string, Transporter>();

/** Whether a mail server is set (SMTP_URL, validated with the other settings in lib/config/env.ts): else the outbox. */
export function mailServerSet(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendMail(mail: Mail): Promise<void> {
  const { SMTP_URL, MAIL_FROM, APP_URL } = env();
  const from = MAIL_FROM || `Dockyard <no-reply@${new URL(APP_URL).hostname}>`;
  if (SMTP_URL) {
    const transport = transports.get(SMTP_URL) ?? nodemailer.createTransport(SMTP_URL);
    transports.set(SMTP_URL, transport);
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    return;
  }
  const message: OutboxMessage = {
    id: `${Date.now()}-${randomUUID()}`,
    from,
    sentAt: new Date().toISOString(),
    ...mail,
  };
  await mkdir(outboxDir(), { recursive: true, mode: 0o700 });
  await writeFile(path.join(outboxDir(), `${message.id}.json`), JSON.stringify(message), { mode: 0o600 });
  console.info(`[mail] no SMTP_URL: "${mail.subject}" to ${mail.to} is in the outbox (/instructor/outbox)`);
}

/**
 * A message the mail server refused, or that could not reach it, where the request that sent it still succeeds (a
 * sign-up is not lost because mail is down; the person can ask again): the operator learns why from the log.
 */
export function mailFailed(err: unknown): void {
  console.error(`[mail] sending failed: ${(err as Error).message}`);
}

function outboxDir(): string {
  return path.resolve(env().DATA_DIR, "outbox");
}

/** The outbox's newest messages first, `limit` at most; files that do not parse are skipped. */
export async function readOutbox(limit = 100): Promise<OutboxMessage[]> {
  const names = await readdir(outboxDir()).catch(() => [] as string[]);
  const newest = names
    .filter((n) => n.endsWith(".json"))
    .sort()
    .reverse()
    .slice(0, limit);
  const messages: OutboxMessage[] = [];
  for (const name of newest) {
    const text = await readFile(path.join(outboxDir(), name), "utf8").catch(() => "");
    try {
      const parsed = outboxMessageSchema.safeParse(JSON.parse(text));
      if (parsed.success) messages.push(parsed.data);
    } catch {
      // Not JSON (cut short by a crash while writing): not a message.
    }
  }
  return messages;
}
