import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/config/env";
import { malformedAddress } from "@/lib/http/malformed-address";
import { foreignOriginRefusal } from "@/lib/http/origin-check";
import {
  CSP_HEADER,
  contentSecurityPolicy,
  isWorkerBootstrap,
  newNonce,
  securityHeaders,
} from "@/lib/http/security-headers";
import { SAML_ACS_PATH } from "@/lib/institutions/saml-paths";
import { pickerAnswerPolicy } from "@/lib/lti/lti-pages";
import { isLtiPicker, isLtiPickerAnswer, LTI_ENTRY_PATHS } from "@/lib/lti/lti-paths";

/**
 * Next.js's request proxy (formerly middleware): every request Next.js answers passes here first, under `next dev`
 * and in production (where scripts/web-server.ts answers the prerendered pages itself, with their own policy).
 *
 * A state-changing request from another site is refused before any route or server action sees it. Every other
 * request gets the security headers and a Content-Security-Policy. A page rendered for this request gets a fresh
 * nonce in the policy of the request too: Next.js reads it there and puts it on each of its scripts.
 */
export function proxy(request: NextRequest): Response {
  // scripts/web-server.ts refuses these first in production; this covers `next dev`.
  const malformed = malformedAddress(request.url);
  if (malformed) {
    const { status, headers, body } = malformed;
    return withSecurityHeaders(new Response(body, { status, headers }), contentSecurityPolicy());
  }
  const { pathname } = request.nextUrl;
  // An LMS's page posts the LTI login and launch, and a SAML IdP's page its Response: they prove themselves with the
  // LMS's or IdP's signature, not their origin.
  if (!SAFE_METHODS.has(request.method) && !LTI_ENTRY_PATHS.includes(pathname) && pathname !== SAML_ACS_PATH) {
    const refusal = foreignOriginRefusal(request);
    if (refusal) return withSecurityHeaders(refusal, contentSecurityPolicy());
  }
  if (isLtiPickerAnswer(pathname)) return withSecurityHeaders(NextResponse.next(), pickerAnswerPolicy(), true);
  // React's refresh and error overlay evaluate code under `next dev` (npm run author); production never does.
  const dev = env().NODE_ENV === "development";
  if (pathname.startsWith("/_next/static/")) {
    // Files, not pages: their policy matters only to a worker started from one (see isWorkerBootstrap).
    return withSecurityHeaders(
      NextResponse.next(),
      contentSecurityPolicy({ allowEval: dev || isWorkerBootstrap(pathname) }),
    );
  }
  const framable = isLtiPicker(pathname);
  const policy = contentSecurityPolicy({ scripts: [`'nonce-${newNonce()}'`], allowEval: dev, framable });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(CSP_HEADER, policy);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy, framable);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function withSecurityHeaders(response: Response, policy: string, framable = false): Response {
  for (const [name, value] of Object.entries(securityHeaders({ framable }))) response.headers.set(name, value);
  response.headers.set(CSP_HEADER, policy);
  return response;
}

// Every request: pages, API routes and server actions (the foreign-Origin refusal), static files (a worker's policy).
export const config = { matcher: "/:path*" };
