import "server-only";
import { createHash, randomBytes } from "node:crypto";
import * as samlify from "samlify";
import { z } from "zod";
import { prisma } from "../db/client";
import { type Institution, Prisma } from "../generated/prisma/client";
import { type ProvidedIdentity, providedIdentitySchema } from "./identities";
import { institutionForSignIn } from "./institutions";
import { forLink, type InstitutionSignedIn, loginCutoff, recordLogin, signInOrLink, takeLogin } from "./login-row";
import { SAML_FINISH_PATH } from "./saml-paths";
import { acsUrl, identityProvider, NAMEID_PERSISTENT, serviceProvider, spEntityId } from "./saml-sp";
import { InstitutionSignInRefused, type SignInProblem } from "./sign-in-problems";

/*
 * A SAML 2.0 sign-in (Web Browser SSO profile, SP-initiated), in three steps: begin (an AuthnRequest whose ID is kept
 * in an institution_login row named by a fresh RelayState), receive (the IdP posts the Response to the assertion
 * consumer, which takes the row once and keeps only a verified identity, beside a one-time reference) and complete
 * (the browser brings the reference to a same-site address where its binding cookie is checked).
 *
 * Why the third step: the IdP's POST is cross-site and carries no SameSite=Lax cookie, so the consumer cannot tell
 * which browser began the sign-in; its 303 is a top-level GET, which does. Without that check someone could post
 * their own valid Response into another person's browser and sign it in to their account (login CSRF).
 *
 * Replay: InResponseTo must name the request of the row the RelayState names, and that row is taken once.
 * Unsolicited (IdP-initiated) Responses name no request and are refused.
 */

/** A minute either way for the IdP's clock (the assertion's own window is checked by samlify with the same drift). */
const CLOCK_SKEW_MS = 60 * 1000;
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** The attributes read, by their SAML names (URIs as Shibboleth releases them, and ADFS's claim types). */
const ATTRIBUTES = {
  subjectId: ["urn:oasis:names:tc:SAML:attribute:subject-id"],
  pairwiseId: ["urn:oasis:names:tc:SAML:attribute:pairwise-id"],
  mail: [
    "urn:oid:0.9.2342.19200300.100.1.3",
    "mail",
    "email",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  ],
  displayName: ["urn:oid:2.16.840.1.113730.3.1.241", "displayName"],
  givenName: ["urn:oid:2.5.4.42", "givenName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"],
  surname: ["urn:oid:2.5.4.4", "sn", "surname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"],
} as const;

type SamlInstitution = Institution & { protocol: "saml" };

export function isSamlInstitution(institution: Institution): institution is SamlInstitution {
  return institution.protocol === "saml";
}

/** Step one: the IdP's address with the AuthnRequest, and the RelayState the binding cookie is named after. */
export async function beginSamlSignIn(institution: SamlInstitution, start: { next?: string; linkUserId?: string }) {
  const state = randomBytes(32).toString("base64url");
  const request = serviceProvider().createLoginRequest(identityProvider(institution), "redirect", {
    relayState: state,
  }) as { id: string; context: string };
  await recordLogin(institution.id, start, { state, nonce: request.id, codeVerifier: "" });
  return { url: new URL(request.context), state };
}

// Dockyard's RelayStates are base64url; anything else was never given out.
const relayStateSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/);
// A Response is base64 of XML; a megabyte is far beyond any real one.
const responseSchema = z.string().min(1).max(1_048_576);

/** Step two, the assertion consumer: checks the posted Response, keeps the identity; answers step three's address. */
export async function receiveSamlResponse(posted: { SAMLResponse?: unknown; RelayState?: unknown }) {
  const state = relayStateSchema.safeParse(posted.RelayState);
  // No RelayState: an unsolicited Response, or one not meant for a sign-in begun here.
  if (!state.success) throw new InstitutionSignInRefused("expired", undefined, "no RelayState Dockyard gave out");
  const login = await takeLogin(state.data, true);
  try {
    const institution = await institutionForSignIn(login.institutionId);
    if (!institution?.enabled || !isSamlInstitution(institution)) {
      throw new InstitutionSignInRefused("not-set-up", login.institutionId);
    }
    const encoded = responseSchema.safeParse(posted.SAMLResponse);
    if (!encoded.success) throw new InstitutionSignInRefused("refused", institution.id, "no SAMLResponse posted");
    const identity = await verifiedIdentity(institution, encoded.data, login.nonce);
    const reference = randomBytes(32).toString("base64url");
    await prisma().institutionLogin.update({
      where: { state: login.state },
      data: { samlHandoff: digest(reference), samlIdentity: { ...identity } },
    });
    const next = new URL(SAML_FINISH_PATH, acsUrl());
    next.searchParams.set("ref", reference);
    return { next };
  } catch (err) {
    throw forLink(err, login);
  }
}

function digest(reference: string): string {
  return createHash("sha256").update(reference).digest("hex");
}

/** samlify's refusals, in the sign-in page's words; the message itself goes to the log. */
function libraryProblem(message: string): SignInProblem {
  if (/SIGNATURE|CERTIFICATE|WRAPPING/i.test(message)) return "unsigned";
  if (/ERR_FAILED_STATUS/.test(message)) return "declined";
  if (/ERR_SUBJECT_UNCONFIRMED|ERR_EXPIRED_SESSION/.test(message)) return "expired";
  return "refused";
}

const text = z.string().trim().min(1).max(1000);

/** The first value of the first of `names` the assertion carries. */
function attribute(attributes: Record<string, unknown>, names: readonly string[]): string | undefined {
  return names.map((name) => text.safeParse([attributes[name]].flat()[0]).data).find((value) => value !== undefined);
}

function refused(institution: Institution, detail: string): InstitutionSignInRefused {
  return new InstitutionSignInRefused("refused", institution.id, detail);
}

function within(notBefore: unknown, notOnOrAfter: unknown): boolean {
  const now = Date.now();
  if (typeof notOnOrAfter !== "string" || !(now < Date.parse(notOnOrAfter) + CLOCK_SKEW_MS)) return false;
  return typeof notBefore !== "string" || Date.parse(notBefore) - CLOCK_SKEW_MS <= now;
}

/**
 * The person the Response proves, once every check holds. samlify checks the schema, the signature (only by a key
 * from the IdP's metadata; a Response with no signature is refused), the Issuer and the Conditions' window; the rest
 * is checked here, on the assertion samlify verified (never on unsigned parts of the document).
 */
async function verifiedIdentity(
  institution: SamlInstitution,
  encoded: string,
  requestId: string,
): Promise<ProvidedIdentity> {
  const idp = identityProvider(institution);
  let parsed: { samlContent: string; extract: Record<string, unknown> };
  try {
    parsed = await serviceProvider().parseLoginResponse(idp, "post", { body: { SAMLResponse: encoded } });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new InstitutionSignInRefused(libraryProblem(detail), institution.id, detail.slice(0, 500));
  }
  const signed = samlify.SamlLib.verifySignature(parsed.samlContent, { metadata: idp.entityMeta });
  const [verified, assertion] = signed as [boolean, string | null];
  if (!verified || !assertion) throw new InstitutionSignInRefused("unsigned", institution.id, "no signed assertion");
  const found = samlify.Extractor.extract(assertion, [
    { key: "issuer", localPath: ["Assertion", "Issuer"], attributes: [] },
    { key: "audience", localPath: ["Assertion", "Conditions", "AudienceRestriction", "Audience"], attributes: [] },
    { key: "conditions", localPath: ["Assertion", "Conditions"], attributes: ["NotBefore", "NotOnOrAfter"] },
    { key: "confirmation", localPath: ["Assertion", "Subject", "SubjectConfirmation"], attributes: ["Method"] },
    {
      key: "confirmationData",
      localPath: ["Assertion", "Subject", "SubjectConfirmation", "SubjectConfirmationData"],
      attributes: ["Recipient", "InResponseTo", "NotOnOrAfter", "NotBefore"],
    },
    { key: "nameId", localPath: ["Assertion", "Subject", "NameID"], attributes: [] },
    { key: "nameIdFormat", localPath: ["Assertion", "Subject", "NameID"], attributes: ["Format"] },
    {
      key: "attributes",
      localPath: ["Assertion", "AttributeStatement", "Attribute"],
      index: ["Name"],
      attributePath: ["AttributeValue"],
      attributes: [],
    },
  ]) as Record<string, unknown>;
  const response = (parsed.extract.response ?? {}) as Record<string, unknown>;

  if (found.issuer !== institution.issuer) throw refused(institution, `assertion issuer ${String(found.issuer)}`);
  const audiences = [found.audience].flat();
  if (!audiences.includes(spEntityId())) throw refused(institution, `audience ${audiences.join(", ")}`);
  const conditions = (found.conditions ?? {}) as Record<string, unknown>;
  if (!within(conditions.notBefore, conditions.notOnOrAfter)) {
    throw new InstitutionSignInRefused("expired", institution.id, "outside the assertion's Conditions");
  }
  // A Response's Destination, where it has one, must be this consumer (saml-core 3.2.2).
  if (response.destination !== undefined && response.destination !== null && response.destination !== acsUrl()) {
    throw refused(institution, `destination ${String(response.destination)}`);
  }
  // Bearer confirmation (saml-profiles 4.1.4.3): for this consumer, for this request, not past its time.
  const method = [found.confirmation].flat()[0];
  const data = [found.confirmationData].flat()[0] as Record<string, unknown> | undefined;
  if (method !== BEARER || !data) throw refused(institution, "no bearer SubjectConfirmation");
  if (data.recipient !== acsUrl()) throw refused(institution, `recipient ${String(data.recipient)}`);
  if (data.inResponseTo !== requestId || (response.inResponseTo && response.inResponseTo !== requestId)) {
    throw refused(institution, `InResponseTo ${String(data.inResponseTo)}, not the request ${requestId}`);
  }
  if (!within(data.notBefore, data.notOnOrAfter)) {
    throw new InstitutionSignInRefused("expired", institution.id, "past the SubjectConfirmationData's NotOnOrAfter");
  }

  const attributes = (found.attributes ?? {}) as Record<string, unknown>;
  const sub = attribute(attributes, ATTRIBUTES.subjectId) ?? attribute(attributes, ATTRIBUTES.pairwiseId);
  const persistent = found.nameIdFormat === NAMEID_PERSISTENT ? text.safeParse(found.nameId).data : undefined;
  if (!sub && !persistent) {
    const format = typeof found.nameIdFormat === "string" ? found.nameIdFormat : "none";
    throw new InstitutionSignInRefused("transient-id", institution.id, `NameID format ${format}`);
  }
  const mail = attribute(attributes, ATTRIBUTES.mail);
  return {
    issuer: institution.issuer,
    sub: (sub ?? persistent) as string,
    email: mail,
    // SAML has no email_verified: the signed assertion is the IdP's word for the mail; whether that proves the address
    // is the institution's allowed domains' to decide (identities.ts's emailVouched).
    emailVerified: mail !== undefined,
    name: attribute(attributes, ATTRIBUTES.displayName),
    givenName: attribute(attributes, ATTRIBUTES.givenName),
    familyName: attribute(attributes, ATTRIBUTES.surname),
  };
}

/**
 * Step three, in the browser's same-site request: the one-time reference the consumer gave, the binding cookie of the
 * sign-in it belongs to (`bound`), then the account as callback.ts finds it, and the RelayState whose cookie to clear.
 */
export async function completeSamlSignIn(
  reference: unknown,
  bound: (state: string) => boolean,
  signedInUserId: () => Promise<string | undefined>,
): Promise<InstitutionSignedIn & { state: string }> {
  const ref = relayStateSchema.safeParse(reference);
  if (!ref.success) throw new InstitutionSignInRefused("expired");
  const handoff = digest(ref.data);
  const login = await prisma().institutionLogin.findUnique({ where: { samlHandoff: handoff } });
  if (!login) throw new InstitutionSignInRefused("expired");
  // Taken once: the reference and the identity go from the row in the same statement.
  const taken = await prisma().institutionLogin.updateMany({
    where: { state: login.state, samlHandoff: handoff, createdAt: { gt: loginCutoff() } },
    data: { samlHandoff: null, samlIdentity: Prisma.DbNull },
  });
  try {
    if (taken.count !== 1) throw new InstitutionSignInRefused("expired", login.institutionId);
    if (!bound(login.state)) throw new InstitutionSignInRefused("other-browser", login.institutionId);
    const institution = await institutionForSignIn(login.institutionId);
    if (!institution?.enabled) throw new InstitutionSignInRefused("not-set-up");
    const identity = providedIdentitySchema.parse(login.samlIdentity);
    return { ...(await signInOrLink(institution, identity, login, signedInUserId)), state: login.state };
  } catch (err) {
    throw forLink(err, login);
  }
}
