import { z } from "zod";
import type { ClassRole } from "../classes/classes";

/*
 * What an LTI 1.3 message says, by the claim names of the IMS specifications (LTI Core 1.3, Deep Linking 2.0,
 * Assignment and Grade Services 2.0, Names and Role Provisioning Services 2.0). The one place those URIs are spelt.
 */

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
} as const;

export const SCOPE = {
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const LTI_VERSION = "1.3.0";

export const MEDIA_TYPE = {
  score: "application/vnd.ims.lis.v1.score+json",
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

const id = z.string().min(1).max(255);
// Addresses the tool calls or sends a browser to: http(s) only, whatever else a URL parser would take.
const url = z
  .string()
  .max(2048)
  .refine((v) => URL.canParse(v) && ["https:", "http:"].includes(new URL(v).protocol), "is not an http(s) address");

/** The parts of a verified id_token Dockyard reads; anything else the LMS sends is ignored. */
export const launchClaimsSchema = z.object({
  sub: id,
  name: z.string().max(500).optional(),
  given_name: z.string().max(500).optional(),
  family_name: z.string().max(500).optional(),
  email: z.string().max(254).optional(),
  nonce: z.string().min(1).max(255),
  [CLAIM.messageType]: z.enum(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"], {
    error: "The launch is neither a resource link launch nor a deep linking request.",
  }),
  [CLAIM.version]: z.literal(LTI_VERSION, { error: `The launch is not LTI ${LTI_VERSION}.` }),
  [CLAIM.deploymentId]: id,
  [CLAIM.targetLinkUri]: url.optional(),
  [CLAIM.roles]: z.array(z.string().max(500)).max(100),
  // Optional (LTI Core 5.4.1): a launch from outside a course (Canvas's account level, Moodle's site level) has none.
  [CLAIM.context]: z
    .object({ id, title: z.string().max(500).optional(), label: z.string().max(500).optional() })
    .optional(),
  [CLAIM.resourceLink]: z.object({ id, title: z.string().max(500).optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.ags]: z
    .object({ scope: z.array(z.string()).default([]), lineitem: url.optional(), lineitems: url.optional() })
    .optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: url }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(z.string()),
      data: z.string().max(4096).optional(),
    })
    .optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/** What each claim is called in a refusal: the words an LMS administrator finds in their LMS, not a schema path. */
export const CLAIM_NAMES: Record<string, string> = {
  sub: "user id (sub)",
  nonce: "nonce",
  [CLAIM.messageType]: "message type",
  [CLAIM.version]: "LTI version",
  [CLAIM.deploymentId]: "deployment id",
  [CLAIM.targetLinkUri]: "target link URI",
  [CLAIM.roles]: "roles",
  [CLAIM.context]: "course (context)",
  [CLAIM.resourceLink]: "resource link",
  [CLAIM.custom]: "custom parameters",
  [CLAIM.ags]: "grade service (AGS) endpoint",
  [CLAIM.nrps]: "roster service (NRPS) endpoint",
  [CLAIM.deepLinkingSettings]: "deep linking settings",
};

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";

/**
 * A person's part in the class, from their LIS roles in the course: teaching assistants and graders (sub-roles of
 * Instructor) grade; instructors, course administrators and content developers manage; everyone else learns.
 * Simple names ("Instructor") are accepted, as LTI Core allows for context roles.
 */
export function classRoleOf(roles: readonly string[]): ClassRole {
  const names = roles.map((r) => (r.startsWith(MEMBERSHIP) ? r.slice(MEMBERSHIP.length) : r));
  // Every TA sub-role (TeachingAssistantSection, …Offering) comes with Instructor, so TA is looked for first; a
  // grader grades like a TA and manages nothing.
  if (names.some((n) => /#TeachingAssistant\w*$/.test(n) || n === "TeachingAssistant" || n.endsWith("#Grader"))) {
    return "ta";
  }
  if (names.some((n) => ["#Instructor", "#Administrator", "#ContentDeveloper", "Instructor"].includes(n))) {
    return "instructor";
  }
  return "learner";
}
