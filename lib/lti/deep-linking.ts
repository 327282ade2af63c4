import "server-only";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { assignableItems } from "../classes/assignments";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import { CLAIM, LTI_VERSION } from "./claims";
import { itemRefText, parseItemRef } from "./item-ref";
import { signingKey, TOOL_ALG } from "./tool-keys";
import { toolUrls } from "./tool-urls";

/*
 * Deep Linking 2.0: an LMS author picks one exercise, lab or quiz, and Dockyard answers with a signed
 * LtiDeepLinkingResponse carrying one resource link that opens it (custom parameter `item`) and a line item for grades.
 * LMSs frame the picker, where Dockyard's session cookie is third-party and kept away, so it needs no session: the
 * request's id, 192 random bits only the signed launch gave out, is the author's proof, for an hour and one answer.
 */

const REQUEST_LIFETIME_MS = 60 * 60 * 1000;

async function openRequest(id: string) {
  // Ids are base64url (launch.ts): anything else names no request, and never reaches the database.
  const request = /^[A-Za-z0-9_-]{1,64}$/.test(id)
    ? await prisma().ltiDeepLink.findUnique({ where: { id }, include: { platform: true } })
    : null;
  if (!request) throw new RequestError("NOT_FOUND", "There is no such content selection. Start it again from the LMS.");
  if (request.usedAt) throw new RequestError("CONFLICT", "This content selection was already sent back to the LMS.");
  if (request.createdAt.getTime() < Date.now() - REQUEST_LIFETIME_MS) {
    throw new RequestError("CONFLICT", "This content selection is over an hour old. Start it again from the LMS.");
  }
  return request;
}

export type DeepLinkChoice = Awaited<ReturnType<typeof deepLinkChoice>>;

/** What the author may pick from. */
export async function deepLinkChoice(id: string) {
  const request = await openRequest(id);
  return { lmsName: request.platform.name, items: await assignableItems() };
}

const pickSchema = z.object({ item: z.string().max(200) });

/** The signed answer and where the browser posts it; the request is used up. */
export async function deepLinkResponse(id: string, input: unknown): Promise<{ returnUrl: string; jwt: string }> {
  const request = await openRequest(id);
  const ref = parseItemRef(pickSchema.safeParse(input).data?.item);
  const item = ref && (await assignableItems()).find((i) => i.kind === ref.kind && i.slug === ref.slug);
  if (!ref || !item) throw new RequestError("BAD_REQUEST", "Pick one of Dockyard's exercises, labs or quizzes.");
  const taken = await prisma().ltiDeepLink.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
  if (taken.count !== 1) throw new RequestError("CONFLICT", "This content selection was already sent back to the LMS.");
  const title = item.kind === "quiz" ? `Quiz: ${item.title}` : item.title;
  const { kid, key } = await signingKey();
  const jwt = await new SignJWT({
    nonce: randomBytes(16).toString("base64url"),
    [CLAIM.messageType]: "LtiDeepLinkingResponse",
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request.deploymentId,
    [CLAIM.contentItems]: [
      {
        type: "ltiResourceLink",
        title,
        url: toolUrls().launchUrl,
        custom: { item: itemRefText(ref) },
        // Dockyard refuses to be framed (its pages send frame-ancestors 'none'): the LMS opens it in a new window.
        window: { targetName: "_blank" },
        lineItem: { scoreMaximum: 100, label: title, resourceId: itemRefText(ref) },
      },
    ],
    ...(request.data ? { [CLAIM.deepLinkingData]: request.data } : {}),
  })
    .setProtectedHeader({ alg: TOOL_ALG, kid, typ: "JWT" })
    .setIssuer(request.platform.clientId)
    .setAudience(request.platform.issuer)
    .setIssuedAt()
    .setExpirationTime("5 minutes")
    .sign(key);
  return { returnUrl: request.returnUrl, jwt };
}
