import type { IncomingMessage } from "node:http";
import { Refusal } from "./http-util";

export interface LmsUser {
  sub: string;
  name: string;
  email: string;
  /** Full LIS role URIs, e.g. http://purl.imsglobal.org/vocab/lis/v2/membership#Learner. */
  roles: string[];
  status?: "Active" | "Inactive" | "Deleted";
}

/** A score as the tool posted it (AGS 2.0 score publish service). */
export interface ReceivedScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}

export interface Course {
  id: string;
  title: string;
  label?: string;
  members: Map<string, LmsUser>;
}

export interface LineItem {
  id: string;
  courseId: string;
  label: string;
  scoreMaximum: number;
  /** AGS 2.0 3.2.7: when submissions close; Canvas fills it from the assignment's due date. */
  endDateTime?: string;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  scores: ReceivedScore[];
}

export interface ResourceLink {
  id: string;
  courseId: string;
  title: string;
  custom?: Record<string, string>;
  lineItemId?: string;
}

/**
 * How the LMS is set up wrong, as a platform's administrator or teacher can leave it (docs/lti.md, "When scores do
 * not arrive"). The harness answers as the IMS specifications and Canvas's and Moodle's documented behaviour say.
 */
export interface Misconfiguration {
  /**
   * Scopes the tool's registration does not grant (Canvas: the developer key's LTI Advantage Services; Moodle: the
   * tool's Services settings). Tokens already given lose them too, as a platform checks the registration on use.
   */
  withheldScopes: string[];
  /** The token endpoint refuses the tool's client assertion: the registration names another keyset or client. */
  refuseClientAssertion: boolean;
  /** What a score POST is answered with: AGS lets a platform answer 200, 201 or 204. */
  scoreAnswer: 200 | 201 | 204;
  /** Courses whose scores are refused as Canvas refuses them: an unpublished course or a concluded one. */
  closedCourses: Record<string, "unpublished" | "concluded">;
}

export const WELL_CONFIGURED: Misconfiguration = {
  withheldScopes: [],
  refuseClientAssertion: false,
  scoreAnswer: 200,
  closedCourses: {},
};

export interface PlatformState {
  issuer: string;
  setup: Misconfiguration;
  courses: Map<string, Course>;
  links: Map<string, ResourceLink>;
  lineItems: Map<string, LineItem>;
  /** Line items ever made: ids are never reused, so a deleted one's URL stays gone. */
  lineItemsMade: number;
  accessTokens: Map<string, { scopes: string[]; expiresAt: number }>;
}

/**
 * Line item URLs carry a query, as Moodle's do (`?type_id=`), so a tool that appends `/scores` to the whole URL
 * instead of to its path is caught.
 */
export function lineItemUrl(state: PlatformState, item: LineItem): string {
  return `${lineItemsUrl(state, item.courseId)}/${item.id}?type_id=${item.id}`;
}

export function newLineItemId(state: PlatformState): string {
  state.lineItemsMade++;
  return String(state.lineItemsMade);
}

export function lineItemsUrl(state: PlatformState, courseId: string): string {
  return `${state.issuer}/courses/${encodeURIComponent(courseId)}/lineitems`;
}

export function membershipsUrl(state: PlatformState, courseId: string): string {
  return `${state.issuer}/courses/${encodeURIComponent(courseId)}/memberships`;
}

export function courseOf(state: PlatformState, courseId: string): Course {
  const course = state.courses.get(courseId);
  if (!course) throw new Refusal(404, `no course "${courseId}"`);
  return course;
}

/** The bearer token's scopes, refusing (401/403, with WWW-Authenticate) a missing, unknown or narrow token. */
export function requireScope(state: PlatformState, req: IncomingMessage, anyOf: string[]): void {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new Refusal(401, "no bearer token", undefined, { "www-authenticate": "Bearer" });
  const token = state.accessTokens.get(match[1]!);
  if (!token) {
    throw new Refusal(401, "unknown access token", undefined, { "www-authenticate": 'Bearer error="invalid_token"' });
  }
  if (token.expiresAt <= Date.now()) {
    throw new Refusal(401, "expired access token", undefined, { "www-authenticate": 'Bearer error="invalid_token"' });
  }
  const granted = token.scopes.filter((scope) => !state.setup.withheldScopes.includes(scope));
  if (!anyOf.some((scope) => granted.includes(scope))) {
    throw new Refusal(403, `token lacks scope ${anyOf.join(" or ")}`, undefined, {
      "www-authenticate": 'Bearer error="insufficient_scope"',
    });
  }
}
