import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { RequestError } from "../errors/request-error";
import { lmsRequest, PrivateAddressRefused } from "./lms-address";
import type { Platform } from "./platforms";
import { signingKey, TOOL_ALG } from "./tool-keys";

/*
 * Every call Dockyard makes to an LMS, and the one way their failures read: "<LMS> answered 401 (…) when Dockyard
 * asked for <what>". A failure is UNAVAILABLE: nothing the person did caused it, and it may work later.
 *
 * Only the web side calls an LMS (score-sender.ts sends the scores): the process that runs learners' code never
 * signs anything with the tool's key. No "server-only" marker: scripts/web-server.ts loads it outside Next.js.
 */

const CALL_TIMEOUT_MS = 10_000;

function lmsFailure(platform: Platform, what: string, problem: string): RequestError {
  return new RequestError("UNAVAILABLE", `${platform.name} ${problem} when Dockyard ${what}.`, {
    lms: platform.name,
  });
}

/** The largest answer Dockyard reads from an LMS: a roster page of a large course is a few hundred KB. */
const ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * A request to the LMS: a 2xx answer, or a RequestError saying what the LMS did instead. Only to a public address,
 * or to an origin the admin registered for the LMS (lms-address.ts). What an LMS says in a refusal is not repeated
 * to the person (it could be anything, from anywhere): it goes to the server's log, with its status.
 */
export async function callLms(
  platform: Platform,
  what: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<Response> {
  let response: Response;
  try {
    response = await lmsRequest(url, {
      ...init,
      timeoutMs: CALL_TIMEOUT_MS,
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
      );
    }
    const cause = (err as { code?: string }).code ?? (err as Error).message;
    throw lmsFailure(platform, what, `could not be reached at ${new URL(url).origin} (${cause})`);
  }
  if (response.status < 200 || response.status > 299) {
    const body = (await response.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 300);
    console.warn(`[lti] ${platform.name} answered ${response.status} when Dockyard ${what}: ${body}`);
    throw lmsFailure(platform, what, `answered ${response.status}`);
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
});

const tokens = new Map<string, { token: string; until: number }>();

// A registration changed (another client ID or token URL) must not reuse the old one's token.
function tokenKey(platform: Platform, scope: string): string {
  return JSON.stringify([platform.id, platform.clientId, platform.tokenUrl, scope]);
}

/**
 * An access token for the LMS's services (IMS Security Framework 4.1: the client credentials grant, the client
 * authenticated by a JWT it signs), kept until a minute before it expires.
 */
export async function accessToken(platform: Platform, scope: string): Promise<string> {
  const key = tokenKey(platform, scope);
  const cached = tokens.get(key);
  if (cached && cached.until > Date.now()) return cached.token;
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
  });
  const parsed = tokenAnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw lmsFailure(platform, what, "answered without an access token");
  const lifetime = (parsed.data.expires_in ?? 3600) * 1000;
  tokens.set(key, { token: parsed.data.access_token, until: Date.now() + Math.max(0, lifetime - 60_000) });
  return parsed.data.access_token;
}

/** Forgets a token the LMS refused, so the next call asks for a new one. */
export function forgetToken(platform: Platform, scope: string): void {
  tokens.delete(tokenKey(platform, scope));
}
