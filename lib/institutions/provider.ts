import "server-only";
import * as oidc from "openid-client";
import type { Institution } from "../generated/prisma/client";
import type { SignInProblem } from "./sign-in-problems";

/*
 * The one way Dockyard talks to an institution's provider: openid-client (OpenID Certified), configured by discovery
 * from the issuer the admin entered (which checks the provider calls itself by it); with non-repudiation checks on,
 * the code grant checks the ID token's signature against the provider's published keys too.
 */

/** Seconds each call to a provider may take before the sign-in says the provider did not answer. */
const TIMEOUT_SECONDS = 10;
/** How long a provider's discovered configuration (and the keys it fetched) is reused. */
const REUSE_MS = 10 * 60 * 1000;

const configurations = new Map<string, { config: oidc.Configuration; until: number }>();

/** The institution's provider, discovered every ten minutes at most, and afresh once `updatedAt` changes. */
export async function providerConfiguration(institution: Institution): Promise<oidc.Configuration> {
  const key = `${institution.id}\n${institution.updatedAt.toISOString()}`;
  const kept = configurations.get(key);
  if (kept && kept.until > Date.now()) return kept.config;
  // A SAML institution has no client: a state of its sign-ins brought to the OpenID Connect callback signs nobody in.
  if (institution.protocol !== "oidc" || institution.clientId === null || institution.clientSecret === null) {
    throw new Error(`${institution.name} signs in through SAML, not OpenID Connect`);
  }
  const issuer = new URL(institution.issuer);
  // The field schema allows plain HTTP only on the loopback address (a provider run beside Dockyard, as in tests).
  const execute = [
    oidc.enableNonRepudiationChecks,
    ...(issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : []),
  ];
  const options = { timeout: TIMEOUT_SECONDS, execute };
  const config = await oidc.discovery(issuer, institution.clientId, institution.clientSecret, undefined, options);
  for (const [k, v] of configurations)
    if (k.startsWith(`${institution.id}\n`) || v.until <= Date.now()) configurations.delete(k);
  configurations.set(key, { config, until: Date.now() + REUSE_MS });
  return config;
}

function networkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "TimeoutError" || err.name === "AbortError") return true;
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && networkFailure(err.cause);
}

/** What went wrong talking to a provider, in the words the sign-in page has for it. */
export function providerProblem(err: unknown): SignInProblem {
  if (err instanceof oidc.AuthorizationResponseError) return "declined";
  if (networkFailure(err)) return "unreachable";
  return "refused";
}

/** A short, loggable account of a provider's error, for the operator (never shown as-is to the person). */
export function providerErrorText(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) {
    return `${err.error}${err.error_description ? ` (${err.error_description})` : ""}`;
  }
  if (err instanceof oidc.ClientError) {
    // openid-client's message is general; the check that failed is named by its cause (oauth4webapi's).
    const cause = err.cause instanceof Error && err.cause.message !== err.message ? ` (${err.cause.message})` : "";
    return `${err.code ?? "client error"}: ${err.message}${cause}`;
  }
  return err instanceof Error ? err.message : String(err);
}
