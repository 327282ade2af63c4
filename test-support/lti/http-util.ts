import type { IncomingMessage, ServerResponse } from "node:http";

/** Bodies past this are refused: the harness only ever expects small forms and JSON. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A request the harness refuses; the handler turns it into the status and records the reason. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly body?: { json: Record<string, unknown> },
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The media type of a Content-Type header, parameters (charset) dropped. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = mediaType(req.headers["content-type"]);
  if (type !== "application/x-www-form-urlencoded") {
    throw new Refusal(415, `expected application/x-www-form-urlencoded, got "${type}"`);
  }
  return new URLSearchParams(await readBody(req));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The first zod issue as one line, for a refusal's reason. */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.map(String).join(".");
  return where ? `${where}: ${issue.message}` : issue.message;
}
