import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { RequestError } from "../errors/request-error";
import { lmsRequest, NoAnswerInTime, PrivateAddressRefused } from "./lms-address";
import type { Platform } from "./platforms";
import { signingKey, TOOL_ALG } from "./tool-keys";

/*
 * Every call Dockyard makes to an LMS, and the one way their failures read: "<LMS> answered 401 (…) when Dockyard
 * asked for <what>". A failure is UNAVAILABLE: nothing the person did caused it, and it may work later.
 *
 * Only the web side calls an LMS (lib/course-policy/policy-worker.ts sends the scores): the process that runs learners'
 * code never signs anything with the tool's key. No "server-only" marker: scripts/web-server.ts loads it outside
 * Next.js.
 */

/** How long Dockyard waits for an LMS's answer. */
export const CALL_TIMEOUT_MS = 10_000;

/**
 * What the LMS did instead of a 2xx, for explaining a failure (lms-failures.ts): the step (the token endpoint or a
 * service), the HTTP status, the OAuth error code a token endpoint gives, and the LMS's own short message; or why no
 * answer came.
 */
export interface LmsAnswer {
  step: "token" | "service";
  status?: number;
  oauthError?: string;
  /** The LMS's message from its answer's body (JSON `message`, `error_description`, `errors[].message`, or short
   * plain text): one line, at most 200 characters. */
  said?: string;
  noAnswer?: "timeout" | "unreachable" | "private-address";
}

/**
 * A call to an LMS that failed. The answer rides beside the message, never in `details`, so it is not sent to
 * whoever's request made the call: only the class's send log shows the LMS's words, to the class's staff, quoted.
 */
export class LmsCallError extends RequestError {
  constructor(
    message: string,
    lms: string,
    readonly answer: LmsAnswer,
  ) {
    super("UNAVAILABLE", message, { lms });
    this.name = "LmsCallError";
  }
}

function lmsFailure(platform: Platform, what: string, problem: string, answer: LmsAnswer): LmsCallError {
  return new LmsCallError(`${platform.name} ${problem} when Dockyard ${what}.`, platform.name, answer);
}

/** The largest answer Dockyard reads from an LMS: a roster page of a large course is a few hundred KB. */
const ANSWER_BYTES = 16 * 1024 * 1024;

const SAID_CHARS = 200;

/** One line of what an LMS said, at most SAID_CHARS, control characters gone; undefined when it said nothing. */
function oneLine(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  // \p{Cc}: control characters (a newline, an escape), which would break the line or the terminal of the log.
  const line = text
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!line) return undefined;
  return line.length > SAID_CHARS ? `${line.slice(0, SAID_CHARS - 1)}…` : line;
}

/**
 * The message in an LMS's refusal, from the shapes LMSs use: OAuth's `error_description` (RFC 6749 5.2), Canvas's
 * `errors` (a list of `{message}` or one object with a message), a plain `message` or `error`, or a short plain text
 * answer. An HTML page says nothing worth quoting.
 */
export function lmsSaid(body: string, contentType: string | null): { said?: string; oauthError?: string } {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type.includes("json")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return {};
    }
    if (typeof json !== "object" || json === null) return { said: oneLine(json) };
    const o = json as Record<string, unknown>;
    const errors = o.errors;
    const fromErrors = Array.isArray(errors)
      ? errors.map((e) => (typeof e === "string" ? e : (e as { message?: unknown })?.message)).find(oneLine)
      : (errors as { message?: unknown } | undefined)?.message;
    return {
      said: oneLine(o.error_description) ?? oneLine(fromErrors) ?? oneLine(o.message) ?? oneLine(o.reason),
      oauthError: typeof o.error === "string" ? oneLine(o.error) : undefined,
    };
  }
  if (type === "text/plain" && !body.includes("<")) return { said: oneLine(body) };
  return {};
}

/**
 * A request to the LMS: a 2xx answer (any: AGS lets a platform answer a score with 200, 201 or 204), or an
 * LmsCallError saying what the LMS did instead. Only to a public address, or to an origin the admin registered for
 * the LMS (lms-address.ts). The LMS's whole answer goes to the server's log; the error carries its short message.
 */
export async function callLms(
  platform: Platform,
  what: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<Response> {
  const step = url === platform.tokenUrl ? "token" : "service";
  const { timeoutMs = CALL_TIMEOUT_MS, ...request } = init;
  let response: Response;
  try {
    response = await lmsRequest(url, {
      ...request,
      timeoutMs,
      maxBytes: ANSWER_BYTES,
      trustedOrigins: registeredOrigins(platform),
    });
  } catch (err) {
    if (err instanceof PrivateAddressRefused) {
      throw lmsFailure(
        platform,
        what,
        `gave an address Dockyard does not call (${new URL(url).origin}: ${err.message}; an admin can register ` +
          "that host as one of the LMS's URLs)",
        { step, noAnswer: "private-address" },
      );
    }
    if (err instanceof NoAnswerInTime) {
      throw lmsFailure(platform, what, `did not answer within ${err.seconds} s at ${new URL(url).origin}`, {
        step,
        noAnswer: "timeout",
      });
    }
    const cause = (err as { code?: string }).code ?? (err as Error).message;
    throw lmsFailure(platform, what, `could not be reached at ${new URL(url).origin} (${cause})`, {
      step,
      noAnswer: "unreachable",
    });
  }
  if (response.status < 200 || response.status > 299) {
    const body = await response.text().catch(() => "");
    console.warn(`[lti] ${platform.name} answered ${response.status} when Dockyard ${what}: ${oneLine(body) ?? ""}`);
    throw lmsFailure(platform, what, `answered ${response.status}`, {
      step,
      status: response.status,
      ...lmsSaid(body, response.headers.get("content-type")),
    });
  }
  return response;
}

/** The origins of the URLs an admin registered for the LMS: calls there are the admin's choice, wherever they lead. */
function registeredOrigins(platform: Platform): string[] {
  return [platform.authLoginUrl, platform.tokenUrl, platform.jwksUrl].flatMap((u) =>
    URL.canParse(u) ? [new URL(u).origin] : [],
  );
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const tokens = new Map<string, { token: string; until: number }>();

// A registration changed (another client ID or token URL) must not reuse the old one's token.
function tokenKey(platform: Platform, scope: string): string {
  return JSON.stringify([platform.id, platform.clientId, platform.tokenUrl, scope]);
}

/**
 * Asks the LMS's token endpoint for a token of one scope, uncached (IMS Security Framework 4.1: the client
 * credentials grant, the client authenticated by a JWT it signs). Answers the token, how long it lives, and the
 * scopes the LMS says it granted: a platform may grant fewer than asked (RFC 6749 3.3), and says so in `scope`.
 */
export async function requestToken(platform: Platform, scope: string, timeoutMs = CALL_TIMEOUT_MS) {
  const { kid, key: privateKey } = await signingKey();
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_ALG, kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("5 minutes")
    .setJti(randomUUID())
    .sign(privateKey);
  const what = `asked for an access token (${scope})`;
  const response = await callLms(platform, what, platform.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope,
    }).toString(),
    timeoutMs,
  });
  const parsed = tokenAnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw lmsFailure(platform, what, "answered without an access token", { step: "token", status: response.status });
  }
  return {
    token: parsed.data.access_token,
    lifetimeMs: (parsed.data.expires_in ?? 3600) * 1000,
    // No `scope` in the answer: what was asked was granted (RFC 6749 5.1).
    granted: parsed.data.scope === undefined ? [scope] : parsed.data.scope.split(" ").filter(Boolean),
  };
}

/** An access token for the LMS's services, kept until a minute before it expires. */
export async function accessToken(platform: Platform, scope: string): Promise<string> {
  const key = tokenKey(platform, scope);
  const cached = tokens.get(key);
  if (cached && cached.until > Date.now()) return cached.token;
  const { token, lifetimeMs } = await requestToken(platform, scope);
  tokens.set(key, { token, until: Date.now() + Math.max(0, lifetimeMs - 60_000) });
  return token;
}

/** Forgets a token the LMS refused, so the next call asks for a new one. */
export function forgetToken(platform: Platform, scope: string): void {
  tokens.delete(tokenKey(platform, scope));
}
