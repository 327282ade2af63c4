import "server-only";
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import { assignableItems } from "../classes/assignments";
import { enrolFromLms } from "../classes/lms-classes";
import { itemPath } from "../content/item-path";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import { markLinkScoreDue } from "../scores-due/score-sends";
import { CLAIM, CLAIM_NAMES, classRoleOf, type LaunchClaims, launchClaimsSchema, SCOPE } from "./claims";
import { type ItemRef, itemRefText, parseItemRef } from "./item-ref";
import { LOGIN_LIFETIME_MINUTES } from "./login";
import { accountFor, classFor } from "./lti-people";
import type { Platform } from "./platforms";
import { toolUrls } from "./tool-urls";

/*
 * Step two of a launch: the LMS posts an id_token and step one's state. The token must be signed by the keyset of the
 * LMS that login was for, name it as issuer and this tool as audience, be fresh, carry the login's nonce (one use),
 * come from a registered deployment and speak LTI 1.3.0. Only then does anyone get signed in.
 */

const formSchema = z.object({
  id_token: z
    .string({ error: "The LMS sent no id_token." })
    .min(1, "The LMS sent no id_token.")
    .max(64 * 1024),
  // Dockyard's states are base64url (login.ts): anything else was never given out.
  state: z
    .string({ error: "The LMS sent no state." })
    .regex(/^[A-Za-z0-9_-]{1,255}$/, "The launch's state is not one Dockyard gives out. Start it again from the LMS."),
});

const keysets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The LMS's keyset, fetched when a token names a key it has not seen (jose refetches on an unknown kid). */
function keysetOf({ jwksUrl }: Platform) {
  const keyset =
    keysets.get(jwksUrl) ?? createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 10_000 });
  keysets.set(jwksUrl, keyset);
  return keyset;
}

function refused(why: string): RequestError {
  return new RequestError("UNAUTHENTICATED", `The launch was refused: ${why}`);
}

/** The login a state names, taken for this launch and no other. */
async function takeLogin(state: string): Promise<{ nonce: string; platform: Platform }> {
  const cutoff = new Date(Date.now() - LOGIN_LIFETIME_MINUTES * 60 * 1000);
  const taken = await prisma().ltiLogin.updateMany({
    where: { state, usedAt: null, createdAt: { gt: cutoff } },
    data: { usedAt: new Date() },
  });
  const login = await prisma().ltiLogin.findUnique({ where: { state }, include: { platform: true } });
  if (taken.count === 1 && login) return { nonce: login.nonce, platform: login.platform };
  if (!login) throw refused("its state is not one Dockyard gave out. Start the launch again from the LMS.");
  if (login.usedAt && login.createdAt > cutoff) {
    throw refused("it was already used once. Start the launch again from the LMS.");
  }
  throw refused(`more than ${LOGIN_LIFETIME_MINUTES} minutes passed since it began. Start it again from the LMS.`);
}

function verificationProblem(err: unknown, platform: Platform): string {
  if (err instanceof errors.JWTExpired) {
    return err.claim === "iat"
      ? `the LMS's token was issued more than ${LOGIN_LIFETIME_MINUTES} minutes ago.`
      : "the LMS's token has expired.";
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "aud") return `the token is addressed to another tool, not client ID ${platform.clientId}.`;
    if (err.claim === "iss") return `the token's issuer is not ${platform.issuer}.`;
    if (err.claim === "iat") return "the token was issued in the future (is the LMS's clock right?).";
    return `the token's ${err.claim} claim is wrong (${err.reason}).`;
  }
  if (err instanceof errors.JWKSNoMatchingKey) return `the token is signed with a key ${platform.name}'s keyset lacks.`;
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return `the token's signature does not match ${platform.name}'s keyset.`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return "the token is not signed with RS256.";
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JOSEError) {
    return `the token could not be checked against ${platform.name}'s keyset (${(err as Error).message}).`;
  }
  return "the token is not a signed JWT.";
}

async function verifiedClaims(idToken: string, platform: Platform, nonce: string): Promise<LaunchClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keysetOf(platform), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat", "sub", "nonce"],
      maxTokenAge: `${LOGIN_LIFETIME_MINUTES} minutes`,
      clockTolerance: 30,
    }));
  } catch (err) {
    throw refused(verificationProblem(err, platform));
  }
  // With several audiences the authorised party must be this tool; and an azp, whenever present, must be this tool
  // too (OpenID Connect Core 3.1.3.7, steps 4 and 5).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== platform.clientId) {
    throw refused(`the token names several audiences and its authorised party is not ${platform.clientId}.`);
  }
  if (payload.azp !== undefined && payload.azp !== platform.clientId) {
    throw refused(`the token was issued to another tool (its authorised party is not ${platform.clientId}).`);
  }
  if (payload.nonce !== nonce) throw refused("its nonce is not the one this login gave out (a token used twice).");
  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) throw claimsProblem(parsed.error.issues[0], payload);
  const claims = parsed.data;
  // The login asked the LMS to launch Dockyard's launch URL (login.ts); a token for another target is not this launch.
  const target = claims[CLAIM.targetLinkUri];
  if (target !== undefined && target !== toolUrls().launchUrl) {
    throw refused(`the token's target link URI is ${target}, not Dockyard's launch URL ${toolUrls().launchUrl}.`);
  }
  if (!platform.deploymentIds.includes(claims[CLAIM.deploymentId])) {
    throw refused(`deployment ${claims[CLAIM.deploymentId]} of ${platform.name} is not registered in Dockyard.`);
  }
  return claims;
}

/** Which claim Dockyard cannot use, and why; an unhandled message type is a 400 (well formed), the rest refused. */
function claimsProblem(issue: z.core.$ZodIssue | undefined, payload: JWTPayload): RequestError {
  const key = String(issue?.path[0] ?? "");
  const name = CLAIM_NAMES[key] ?? (key || "claims");
  if (key === CLAIM.messageType && payload[CLAIM.messageType] !== undefined) {
    return new RequestError(
      "BAD_REQUEST",
      `Dockyard does not handle the LTI message type "${String(payload[CLAIM.messageType]).slice(0, 100)}": it ` +
        "takes resource link launches and deep linking requests.",
    );
  }
  if (payload[key] === undefined) return refused(`the LMS sent no ${name}.`);
  return refused(`the LMS's ${name} is not usable: ${issue?.message ?? "wrong"}.`);
}

async function linkedItem(platform: Platform, claims: LaunchClaims, linkId: string): Promise<ItemRef> {
  const named = parseItemRef(claims[CLAIM.custom]?.item);
  const item =
    named ??
    (await prisma()
      .ltiLink.findUnique({ where: { platformId_resourceLinkId: { platformId: platform.id, resourceLinkId: linkId } } })
      .then((link) => (link ? { kind: link.kind, slug: link.itemSlug } : undefined)));
  if (!item) {
    throw new RequestError(
      "BAD_REQUEST",
      "This LMS link does not say which Dockyard exercise, lab or quiz it opens. Ask the course's instructor to pick " +
        "one with the LMS's content selection (deep linking), or to set the custom parameter item=exercise:<slug>.",
    );
  }
  const known = (await assignableItems()).some((i) => i.kind === item.kind && i.slug === item.slug);
  if (!known) throw new RequestError("NOT_FOUND", `Dockyard has no ${itemRefText(item)}: the LMS link names it.`);
  return item;
}

/**
 * Checks a launch and acts on it: the account, the class, the link; then where the browser goes once signed in.
 * `deepLinking`: a deep linking request, whose picker needs no session (the route signs in only a bound browser).
 */
export async function completeLaunch(form: unknown): Promise<{ userId: string; next: string; deepLinking: boolean }> {
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) throw new RequestError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Bad LTI launch.");
  const { platform, nonce } = await takeLogin(parsed.data.state);
  const claims = await verifiedClaims(parsed.data.id_token, platform, nonce);

  const userId = await accountFor(platform, claims);
  const course = claims[CLAIM.context];
  const role = classRoleOf(claims[CLAIM.roles]);
  // A launch from outside any course (an account- or site-level link) signs the person in and opens the item, but
  // makes no class and sends no grade: there is no course for either.
  const classId = course ? await classFor(platform, course, claims[CLAIM.nrps]?.context_memberships_url) : null;
  if (classId) await enrolFromLms(classId, userId, role);

  if (claims[CLAIM.messageType] === "LtiDeepLinkingRequest") {
    const settings = claims[CLAIM.deepLinkingSettings];
    if (!settings) throw refused("a deep linking request must carry its deep linking settings.");
    if (role === "learner") {
      throw new RequestError(
        "FORBIDDEN",
        "Only the course's instructors and teaching assistants can add Dockyard items.",
      );
    }
    if (!settings.accept_types.includes("ltiResourceLink")) {
      throw new RequestError(
        "BAD_REQUEST",
        "The LMS does not accept LTI resource links here, the only kind Dockyard makes.",
      );
    }
    const id = randomBytes(24).toString("base64url");
    await prisma().ltiDeepLink.create({
      data: {
        id,
        platformId: platform.id,
        userId,
        deploymentId: claims[CLAIM.deploymentId],
        returnUrl: settings.deep_link_return_url,
        data: settings.data ?? null,
      },
    });
    return { userId, next: `/lti/deep-link/${id}`, deepLinking: true };
  }

  const resourceLink = claims[CLAIM.resourceLink];
  if (!resourceLink) throw refused("a resource link launch must name its resource link.");
  const item = await linkedItem(platform, claims, resourceLink.id);
  if (!classId) return { userId, next: itemPath(item), deepLinking: false };
  const ags = claims[CLAIM.ags];
  const lineItemUrl = ags?.lineitem && ags.scope.includes(SCOPE.score) ? ags.lineitem : null;
  const key = { platformId: platform.id, resourceLinkId: resourceLink.id };
  const row = { classId, kind: item.kind, itemSlug: item.slug };
  const link = await prisma().ltiLink.upsert({
    where: { platformId_resourceLinkId: key },
    create: { ...key, ...row, lineItemUrl },
    update: { ...row, ...(lineItemUrl ? { lineItemUrl } : {}) },
  });
  // Work done before this launch (or before the link was graded) reaches the LMS too.
  if (role === "learner" && link.lineItemUrl) await markLinkScoreDue(link.id, userId);
  return { userId, next: itemPath(item), deepLinking: false };
}
