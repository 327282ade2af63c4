import { RequestError } from "../errors/request-error";

/** A 400 to send instead of routing the request, with a message that says what is wrong with the address. */
export interface AddressRefusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Refuses an address no page or API can answer: a path whose percent-encoding does not decode (`%ZZ`, a cut-short
 * `%E0%A4%A`, an encoded lone surrogate), a path with a control character once decoded (`%00`, `%0A`), or a NUL in
 * the query (PostgreSQL cannot hold one). Next.js fails on the first kind with a 500, and the others would reach the
 * file system or the database as a 500 too. `target` is the request line's target (`/a/b?c`, or an absolute URL).
 */
export function malformedAddress(target: string): AddressRefusal | undefined {
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
  } catch {
    return refusal(target, "is not a web address");
  }
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return refusal(url.pathname, `has "${cut(segment)}", whose %-escapes do not spell UTF-8 text`);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
    const control = /[\u0000-\u001f\u007f]/.exec(decoded);
    if (control) return refusal(url.pathname, `has a control character (${escaped(control[0])}) in "${cut(segment)}"`);
  }
  if (/%00/.test(url.search)) return refusal(url.pathname, "has a NUL character (%00) in its query");
  return undefined;
}

function escaped(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** An address or a part of one as a message quotes it: long ones cut short. */
function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function refusal(path: string, problem: string): AddressRefusal {
  const fix = "Check the link, or type the address again.";
  const message = `The address ${cut(path)} ${problem}, so no page can answer it. ${fix}`;
  if (!path.startsWith("/api/")) {
    return { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: `${message}\n` };
  }
  const error = new RequestError("BAD_REQUEST", message);
  return {
    status: error.httpStatus,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(error.toJSON()),
  };
}
