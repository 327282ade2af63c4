import "server-only";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import type { LtiPlatform, Prisma } from "../generated/prisma/client";
import { platformFieldsSchema } from "./platform-fields";

/* The LMSs an admin has registered (the admin log keeps each change); a launch is trusted only from one of them. */

export type Platform = LtiPlatform;
type PlatformChange = "created" | "updated" | "deleted";

function requireAdmin(user: Pick<CurrentUser, "role">): void {
  if (user.role !== "admin") throw new RequestError("FORBIDDEN", "Only an admin can register an LMS.");
}

function noSuchPlatform(): never {
  throw new RequestError("NOT_FOUND", "There is no such LMS registration.");
}

/** The admin log's entry for a registration made, changed or removed, written in the change's transaction. */
function logChange(tx: Prisma.TransactionClient, user: CurrentUser, platform: Platform, change: PlatformChange) {
  const { name, issuer, clientId } = platform;
  const details = { name, issuer, clientId, change };
  return recordAdminAction(tx, { id: user.id }, { action: "lti_platform_saved", details });
}

export async function listPlatforms(user: Pick<CurrentUser, "role">): Promise<Platform[]> {
  requireAdmin(user);
  return prisma().ltiPlatform.findMany({ orderBy: { createdAt: "asc" } });
}

/** Creates a registration (`id` undefined) or changes one; an issuer and client id pair is registered once. */
export async function savePlatform(user: CurrentUser, input: unknown, id?: string): Promise<Platform> {
  requireAdmin(user);
  const parsed = parseInput(platformFieldsSchema, input);
  const fields = { ...parsed, deploymentIds: [...new Set(parsed.deploymentIds)] };
  return prisma().$transaction(async (tx) => {
    const clash = await tx.ltiPlatform.findFirst({
      where: { issuer: fields.issuer, clientId: fields.clientId, ...(id ? { NOT: { id } } : {}) },
    });
    if (clash) {
      throw new RequestError("CONFLICT", `${clash.name} is already registered with this issuer and client ID.`);
    }
    const saved = id
      ? await tx.ltiPlatform.update({ where: { id }, data: fields }).catch(noSuchPlatform)
      : await tx.ltiPlatform.create({ data: fields });
    await logChange(tx, user, saved, id ? "updated" : "created");
    return saved;
  });
}

/** Removes a registration: its links and accounts go with it; the classes and their members stay. */
export async function deletePlatform(user: CurrentUser, id: string): Promise<void> {
  requireAdmin(user);
  await prisma().$transaction(async (tx) => {
    const gone = await tx.ltiPlatform.delete({ where: { id } }).catch(noSuchPlatform);
    await logChange(tx, user, gone, "deleted");
  });
}

/** The registration a login names; the client id may be left out when the issuer has only one. */
export async function platformFor(issuer: string, clientId: string | undefined): Promise<Platform> {
  const found = await prisma().ltiPlatform.findMany({ where: { issuer, ...(clientId ? { clientId } : {}) }, take: 2 });
  if (found.length === 0) {
    throw new RequestError(
      "FORBIDDEN",
      `No LMS is registered with issuer ${issuer}${clientId ? ` and client ID ${clientId}` : ""}: an admin must ` +
        "register it in Dockyard (Instructor → LTI, /instructor/lti) before it can launch Dockyard.",
    );
  }
  if (found.length > 1) {
    throw new RequestError("BAD_REQUEST", `Several registrations share issuer ${issuer}: the LMS must send client_id.`);
  }
  return found[0] as Platform;
}
