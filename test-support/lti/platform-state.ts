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

export interface PlatformState {
  issuer: string;
  courses: Map<string, Course>;
  links: Map<string, ResourceLink>;
  lineItems: Map<string, LineItem>;
  accessTokens: Map<string, { scopes: string[]; expiresAt: number }>;
}

/**
 * Line item URLs carry a query, as Moodle's do (`?type_id=`), so a tool that appends `/scores` to the whole URL
 * instead of to its path is caught.
 */
export function lineItemUrl(state: PlatformState, item: LineItem): string {
  return `${lineItemsUrl(state, item.courseId)}/${item.id}?type_id=${item.id}`;
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
  if (!anyOf.some((scope) => token.scopes.includes(scope))) {
    throw new Refusal(403, `token lacks scope ${anyOf.join(" or ")}`, undefined, {
      "www-authenticate": 'Bearer error="insufficient_scope"',
    });
  }
}
