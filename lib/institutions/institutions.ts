import "server-only";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import type { Institution, Prisma } from "../generated/prisma/client";
import { type InstitutionFields, institutionFieldsSchema } from "./institution-fields";
import { parseIdpMetadata } from "./saml-metadata";
import { isSignInProblem, SIGN_IN_PROBLEMS } from "./sign-in-problems";

/*
 * The institutions whose identity provider signs people in, OpenID Connect or SAML 2.0, as an admin set them up.
 * Setting one up is an admin's act and the admin log keeps each change. The client secret is the one field no answer
 * ever carries: every read for a page leaves it out (SECRET).
 */

/** An institution as pages and API answers show it: everything but the client secret. */
export type InstitutionView = Omit<Institution, "clientSecret">;

const SECRET = { clientSecret: true } as const;

type Change = "created" | "updated" | "deleted";

function requireAdmin(user: Pick<CurrentUser, "role">): void {
  if (user.role !== "admin") throw new RequestError("FORBIDDEN", "Only an admin can set up institution sign-in.");
}

function noSuchInstitution(): never {
  throw new RequestError("NOT_FOUND", "There is no such institution.");
}

function logChange(tx: Prisma.TransactionClient, user: CurrentUser, saved: InstitutionView, change: Change) {
  const { name, protocol, issuer, clientId, enabled } = saved;
  const details = { name, protocol, issuer, clientId, enabled, change };
  return recordAdminAction(tx, { id: user.id }, { action: "institution_saved", details });
}

export async function listInstitutions(user: Pick<CurrentUser, "role">): Promise<InstitutionView[]> {
  requireAdmin(user);
  return prisma().institution.findMany({ omit: SECRET, orderBy: { createdAt: "asc" } });
}

/** The institutions people may sign in through now, for the sign-in and account pages. */
export async function enabledInstitutions(): Promise<Pick<Institution, "id" | "name">[]> {
  return prisma().institution.findMany({
    where: { enabled: true },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/**
 * Sets up an institution (`id` undefined) or changes one, keeping its protocol. A new one needs its client secret
 * (OpenID Connect) or IdP metadata (SAML); a change without it keeps the stored one. An issuer and client ID pair, or
 * an entityID, is set up once.
 */
export async function saveInstitution(user: CurrentUser, input: unknown, id?: string): Promise<InstitutionView> {
  requireAdmin(user);
  const fields = parseInput(institutionFieldsSchema, input);
  const data = fields.protocol === "saml" ? samlData(fields.metadataXml) : oidcData(fields);
  if (!id && data.missing) throw data.missing;
  const { name, enabled, protocol } = fields;
  const emailDomains = [...new Set(fields.emailDomains)];
  return prisma().$transaction(async (tx) => {
    const current = id
      ? await tx.institution.findUnique({ where: { id }, select: { protocol: true, issuer: true } })
      : null;
    if (id && !current) noSuchInstitution();
    if (current && current.protocol !== protocol) {
      throw new RequestError(
        "BAD_REQUEST",
        "An institution keeps its protocol: set up the other protocol as an institution of its own.",
        { field: "protocol" },
      );
    }
    const issuer = data.values.issuer ?? current?.issuer;
    const clash = await tx.institution.findFirst({
      where: {
        issuer,
        ...(protocol === "oidc" ? { clientId: data.values.clientId } : { protocol: "saml" }),
        ...(id ? { NOT: { id } } : {}),
      },
      select: { name: true },
    });
    if (clash) {
      throw new RequestError(
        "CONFLICT",
        protocol === "oidc"
          ? `${clash.name} is already set up with this issuer and client ID.`
          : `${clash.name} is already set up with this IdP (entityID ${issuer}).`,
      );
    }
    const row = { name, emailDomains, enabled, protocol, ...data.values };
    const saved = id
      ? await tx.institution.update({ where: { id }, data: row, omit: SECRET }).catch(noSuchInstitution)
      : await tx.institution.create({ data: { ...row, issuer: row.issuer as string }, omit: SECRET });
    await logChange(tx, user, saved, id ? "updated" : "created");
    return saved;
  });
}

/** A protocol's columns, and `missing`: what keeps the fields from being enough for a new institution, if anything. */
type ProtocolData = {
  missing?: RequestError;
  values: Partial<Omit<Institution, "id" | "name" | "protocol" | "emailDomains" | "enabled">>;
};

function oidcData(fields: Extract<InstitutionFields, { protocol: "oidc" }>): ProtocolData {
  const secret = fields.clientSecret?.trim() ? fields.clientSecret : undefined;
  const message = "Enter the client secret the provider gave for Dockyard.";
  return {
    missing: secret ? undefined : new RequestError("BAD_REQUEST", message, { field: "clientSecret" }),
    values: { issuer: fields.issuer, clientId: fields.clientId, ...(secret ? { clientSecret: secret } : {}) },
  };
}

function samlData(metadataXml: string | undefined): ProtocolData {
  if (!metadataXml?.trim()) {
    const message = "Paste the IdP's metadata XML, or choose its file.";
    return { missing: new RequestError("BAD_REQUEST", message, { field: "metadataXml" }), values: {} };
  }
  const idp = parseIdpMetadata(metadataXml);
  return {
    values: {
      issuer: idp.entityId,
      samlSsoUrl: idp.ssoUrl,
      samlSsoBinding: idp.ssoBinding,
      samlCertificates: idp.certificates,
      samlMetadata: metadataXml.trim(),
    },
  };
}

/** Removes an institution: its sign-ins stop and its links go; the accounts stay, with their passwords if any. */
export async function deleteInstitution(user: CurrentUser, id: string): Promise<void> {
  requireAdmin(user);
  await prisma().$transaction(async (tx) => {
    const gone = await tx.institution.delete({ where: { id }, omit: SECRET }).catch(noSuchInstitution);
    await logChange(tx, user, gone, "deleted");
  });
}

/** What a sign-in needs of an institution, secret included: server side only, never for an answer. */
export async function institutionForSignIn(id: string): Promise<Institution | null> {
  return prisma().institution.findUnique({ where: { id } });
}

/** The sign-in and account pages' institutions (those enabled now), and the words for a refused sign-in, if any. */
export async function institutionSignInView(query: {
  institution_problem?: string | string[];
  institution?: string | string[];
}): Promise<{ institutions: Pick<Institution, "id" | "name">[]; problem?: string }> {
  const institutions = await enabledInstitutions();
  const code = query.institution_problem;
  if (!isSignInProblem(code)) return { institutions };
  const id = typeof query.institution === "string" && query.institution.length <= 64 ? query.institution : undefined;
  const named = id ? await prisma().institution.findUnique({ where: { id }, select: { name: true } }) : null;
  return { institutions, problem: SIGN_IN_PROBLEMS[code](named?.name ?? "Your institution") };
}
