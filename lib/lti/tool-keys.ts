import { randomUUID } from "node:crypto";
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { recordAdminAction } from "../audit/action-log";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";

/*
 * The tool's own RSA keys: the LMS checks what Dockyard signs (deep linking responses, the client assertions of
 * grade passback and roster sync) against the keyset published at /api/lti/jwks. The first use makes a key; rotating
 * makes a new one that signs from then on while the old stays published for a day, so an LMS that cached the keyset
 * keeps trusting messages already on their way.
 *
 * No "server-only" marker: scripts/web-server.ts sends scores outside Next.js (lib/course-policy/policy-worker.ts).
 */

export const TOOL_ALG = "RS256";
const RETIRED_KEYS_STAY_MS = 24 * 60 * 60 * 1000;

async function newKey(): Promise<{ kid: string; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_ALG, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOOL_ALG, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOOL_ALG };
  await prisma().ltiToolKey.create({ data: { kid, publicJwk, privateJwk } });
  return { kid, privateJwk };
}

/** The key that signs now, made on first use. */
export async function signingKey(): Promise<{ kid: string; key: CryptoKey }> {
  const current = await prisma().ltiToolKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  const { kid, privateJwk } = current ? { kid: current.kid, privateJwk: current.privateJwk as JWK } : await newKey();
  return { kid, key: (await importJWK(privateJwk, TOOL_ALG)) as CryptoKey };
}

/** The public keyset: the key that signs and the retired ones still inside their day. */
export async function publicKeyset(): Promise<{ keys: JWK[] }> {
  await signingKey();
  const keys = await prisma().ltiToolKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - RETIRED_KEYS_STAY_MS) } }] },
    orderBy: { createdAt: "desc" },
  });
  return { keys: keys.map((k) => k.publicJwk as JWK) };
}

/** An admin's rotation: a new key signs from now on; the admin log keeps it. */
export async function rotateToolKey(actor: { id: string; role: string }): Promise<{ kid: string }> {
  if (actor.role !== "admin") throw new RequestError("FORBIDDEN", "Only an admin can rotate the tool's key.");
  await prisma().ltiToolKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
  const { kid } = await newKey();
  await recordAdminAction(prisma(), { id: actor.id }, { action: "lti_key_rotated", details: { kid } });
  return { kid };
}
