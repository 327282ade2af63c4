import { contentSecurityPolicy, inlineScriptHashes } from "../http/security-headers";
import { errorResponse } from "../http/to-response";

/* The answers an LMS's browser gets as HTML pages: a launch's refusal, and the deep linking answer's form. */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Dockyard</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">` +
    `${body}</body></html>`
  );
}

/** The error as a page: the same status and message the JSON answer would carry (lib/http/to-response.ts). */
export async function launchRefusalPage(err: unknown): Promise<Response> {
  const json = errorResponse(err);
  const body = (await json.json().catch(() => ({}))) as { error?: { message?: string } };
  const message = body.error?.message ?? "Something went wrong.";
  return new Response(
    page(
      "Dockyard could not open this",
      `<h1>Dockyard could not open this</h1><p data-testid="lti-refusal">${escapeHtml(message)}</p>` +
        `<p>Go back to your course in the LMS and try again. If it keeps happening, tell your instructor what this ` +
        `page says.</p>`,
    ),
    { status: json.status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );
}

const RETURN_SCRIPT = "document.getElementById('return').submit();";

/**
 * The deep linking answer's policy, set by the request proxy: its one script is the form's submit; its form may go to
 * any http(s) origin (the LMS's return address, which the proxy cannot look up); it may be framed, as the picker.
 */
export function pickerAnswerPolicy(): string {
  return contentSecurityPolicy({
    scripts: inlineScriptHashes(`<script>${RETURN_SCRIPT}</script>`),
    formActions: ["https:", "http:"],
    framable: true,
  });
}

/** The deep linking answer: a form that posts the signed response to the LMS, by itself or with its button. */
export function deepLinkReturnPage(returnUrl: string, jwt: string): string {
  return page(
    "Back to the LMS",
    `<form id="return" method="post" action="${escapeHtml(returnUrl)}">` +
      `<input type="hidden" name="JWT" value="${escapeHtml(jwt)}">` +
      `<p>Sending your choice back to the LMS…</p><button type="submit">Continue</button></form>` +
      `<script>${RETURN_SCRIPT}</script>`,
  );
}
