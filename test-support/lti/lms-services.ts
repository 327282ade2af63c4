import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { firstIssue, mediaType, Refusal, readBody, sendJson } from "./http-util";
import { MEDIA, SCOPE } from "./lti-vocab";
import {
  courseOf,
  type LineItem,
  type LmsUser,
  lineItemUrl,
  membershipsUrl,
  newLineItemId,
  type PlatformState,
  type ReceivedScore,
  requireScope,
} from "./platform-state";

/** Assignment and Grade Services 2.0 and Names and Role Provisioning Services 2.0, under /courses/<id>/. */

const scoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().min(0).optional(),
    scoreMaximum: z.number().positive().optional(),
    comment: z.string().optional(),
    activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
    gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
    timestamp: z.iso.datetime({ offset: true, message: "is not an ISO 8601 date and time with a zone" }),
  })
  .refine((s) => s.scoreGiven === undefined || s.scoreMaximum !== undefined, {
    message: "scoreMaximum is required with scoreGiven",
  });
// No ceiling on scoreGiven: AGS allows a score above scoreMaximum (extra credit), which Dockyard sends for early work
// (a credited percent above 100, out of 100).

const newLineItemSchema = z.object({
  label: z.string().min(1),
  scoreMaximum: z.number().positive(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
  resourceLinkId: z.string().min(1).optional(),
  resourceId: z.string().optional(),
  tag: z.string().optional(),
});

/**
 * Pages never hold more than this, whatever `limit` asks (the spec lets a platform return fewer), so a tool is
 * made to follow `Link: rel="next"` with any roster over two.
 */
const MEMBERSHIP_PAGE = 2;

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).default(MEMBERSHIP_PAGE),
  page: z.coerce.number().int().min(1).default(1),
  role: z.string().min(1).optional(),
  rlid: z.string().min(1).optional(),
});

/** Answers a request under /courses/; false when the path is not one of these services. */
export async function handleCourseService(
  state: PlatformState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const parts = url.pathname.split("/").slice(1).map(decodeSegment);
  if (parts[0] !== "courses" || parts.length < 3) return false;
  const courseId = parts[1]!;
  const method = req.method ?? "GET";
  if (parts.length === 3 && parts[2] === "memberships" && method === "GET") {
    memberships(state, req, res, url, courseId);
  } else if (parts.length === 3 && parts[2] === "lineitems") {
    if (method === "GET") lineItemContainer(state, req, res, url, courseId);
    else if (method === "POST") await createLineItem(state, req, res, courseId);
    else return false;
  } else if (parts[2] === "lineitems" && parts.length >= 4) {
    const item = state.lineItems.get(parts[3]!);
    if (!item || item.courseId !== courseId) throw new Refusal(404, `no line item "${parts[3]}" in "${courseId}"`);
    const sub = parts.slice(4).join("/");
    if (sub === "" && method === "POST" && url.search.includes("/")) {
      throw new Refusal(400, "scores posted with /scores after the line item's query: put it on the path");
    }
    if (sub !== "") requireLineItemQuery(item, url);
    if (sub === "" && method === "GET") {
      requireScope(state, req, [SCOPE.lineItem, SCOPE.lineItemReadOnly]);
      sendJson(res, 200, lineItemJson(state, item), MEDIA.lineItem);
    } else if (sub === "scores" && method === "POST") await postScore(state, req, res, item);
    else if (sub === "results" && method === "GET") results(state, req, res, url, item);
    else return false;
  } else {
    return false;
  }
  return true;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Refusal(400, `path segment "${segment}" does not decode`);
  }
}

/** A real platform (Moodle) needs the line item URL's own query on its sub-resources too. */
function requireLineItemQuery(item: LineItem, url: URL): void {
  if (url.searchParams.get("type_id") !== item.id) {
    throw new Refusal(400, `the line item's query (?type_id=${item.id}) was dropped from ${url.pathname}`);
  }
}

function lineItemJson(state: PlatformState, item: LineItem): Record<string, unknown> {
  return {
    id: lineItemUrl(state, item),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceLinkId ? { resourceLinkId: item.resourceLinkId } : {}),
    ...(item.resourceId ? { resourceId: item.resourceId } : {}),
    ...(item.tag ? { tag: item.tag } : {}),
    ...(item.endDateTime ? { endDateTime: item.endDateTime } : {}),
  };
}

async function readJson(req: IncomingMessage, type: string): Promise<unknown> {
  const got = mediaType(req.headers["content-type"]);
  if (got !== type) throw new Refusal(415, `expected Content-Type ${type}, got "${got}"`);
  try {
    return JSON.parse(await readBody(req));
  } catch {
    throw new Refusal(400, "body is not JSON");
  }
}

async function postScore(state: PlatformState, req: IncomingMessage, res: ServerResponse, item: LineItem) {
  requireScope(state, req, [SCOPE.score]);
  const parsed = scoreSchema.safeParse(await readJson(req, MEDIA.score));
  if (!parsed.success) throw new Refusal(400, `score: ${firstIssue(parsed.error)}`);
  const score: ReceivedScore = parsed.data;
  if (!courseOf(state, item.courseId).members.has(score.userId)) {
    throw new Refusal(400, `score for "${score.userId}", who is not enrolled in "${item.courseId}"`);
  }
  const closed = state.setup.closedCourses[item.courseId];
  if (closed) {
    // Canvas refuses a grade where the student's enrolment is not active: a course not yet published has no active
    // students, a concluded one none any more. Its API's errors are a list of messages.
    const message = closed === "unpublished" ? "Course not available for student" : "This course has concluded";
    throw new Refusal(422, `score refused: the course is ${closed}`, { json: { errors: [{ message }] } });
  }
  item.scores.push(score);
  const answer = state.setup.scoreAnswer;
  if (answer === 204) {
    res.writeHead(204);
    res.end();
  } else {
    // A platform that answers with a body says where the learner's result now is (AGS 2.0 3.4.7 leaves the body open).
    sendJson(res, answer, {
      resultUrl: `${lineItemUrl(state, item).replace("?", "/results?")}&user_id=${score.userId}`,
    });
  }
}

function results(state: PlatformState, req: IncomingMessage, res: ServerResponse, url: URL, item: LineItem): void {
  requireScope(state, req, [SCOPE.resultReadOnly]);
  const onlyUser = url.searchParams.get("user_id");
  const latest = new Map<string, ReceivedScore>();
  for (const score of item.scores) latest.set(score.userId, score);
  const base = lineItemUrl(state, item).replace("?", "/results?");
  const body = [...latest.values()]
    .filter((score) => score.scoreGiven !== undefined && (!onlyUser || score.userId === onlyUser))
    .map((score) => ({
      id: `${base}&user_id=${encodeURIComponent(score.userId)}`,
      scoreOf: lineItemUrl(state, item),
      userId: score.userId,
      resultScore: (score.scoreGiven! / score.scoreMaximum!) * item.scoreMaximum,
      resultMaximum: item.scoreMaximum,
      ...(score.comment ? { comment: score.comment } : {}),
    }));
  sendJson(res, 200, body, MEDIA.resultContainer);
}

function lineItemContainer(state: PlatformState, req: IncomingMessage, res: ServerResponse, url: URL, c: string) {
  requireScope(state, req, [SCOPE.lineItem, SCOPE.lineItemReadOnly]);
  courseOf(state, c);
  const filter = (key: string, value: string | undefined) => {
    const wanted = url.searchParams.get(key);
    return wanted === null || wanted === value;
  };
  const items = [...state.lineItems.values()].filter(
    (item) =>
      item.courseId === c &&
      filter("resource_link_id", item.resourceLinkId) &&
      filter("resource_id", item.resourceId) &&
      filter("tag", item.tag),
  );
  sendJson(
    res,
    200,
    items.map((item) => lineItemJson(state, item)),
    MEDIA.lineItemContainer,
  );
}

async function createLineItem(state: PlatformState, req: IncomingMessage, res: ServerResponse, courseId: string) {
  requireScope(state, req, [SCOPE.lineItem]);
  courseOf(state, courseId);
  const parsed = newLineItemSchema.safeParse(await readJson(req, MEDIA.lineItem));
  if (!parsed.success) throw new Refusal(400, `line item: ${firstIssue(parsed.error)}`);
  const linkId = parsed.data.resourceLinkId;
  if (linkId && state.links.get(linkId)?.courseId !== courseId) {
    throw new Refusal(400, `no resource link "${linkId}" in "${courseId}"`);
  }
  const item: LineItem = { id: newLineItemId(state), courseId, ...parsed.data, scores: [] };
  state.lineItems.set(item.id, item);
  sendJson(res, 201, lineItemJson(state, item), MEDIA.lineItem);
}

function memberships(state: PlatformState, req: IncomingMessage, res: ServerResponse, url: URL, courseId: string) {
  requireScope(state, req, [SCOPE.memberships]);
  const accept = req.headers.accept ?? "";
  if (!accept.includes(MEDIA.membershipContainer)) {
    throw new Refusal(406, `Accept must name ${MEDIA.membershipContainer}, got "${accept}"`);
  }
  const course = courseOf(state, courseId);
  const parsed = pageQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new Refusal(400, `memberships query: ${firstIssue(parsed.error)}`);
  const { page, role, rlid } = parsed.data;
  const limit = Math.min(parsed.data.limit, MEMBERSHIP_PAGE);
  // Every member may open every link here, so a resource link's roster is the course's.
  if (rlid && state.links.get(rlid)?.courseId !== courseId) {
    throw new Refusal(400, `no resource link "${rlid}" in "${courseId}"`);
  }
  const hasRole = (user: LmsUser) => !role || user.roles.some((r) => r === role || r.endsWith(`#${role}`));
  const all = [...course.members.values()].filter(hasRole);
  const members = all.slice((page - 1) * limit, page * limit).map((user) => {
    const [given, ...family] = user.name.split(" ");
    return {
      status: user.status ?? "Active",
      name: user.name,
      given_name: given,
      family_name: family.join(" "),
      email: user.email,
      user_id: user.sub,
      roles: user.roles,
    };
  });
  const base = membershipsUrl(state, courseId);
  const headers: Record<string, string> = { "content-type": MEDIA.membershipContainer };
  if (page * limit < all.length) {
    const next = new URLSearchParams({ limit: String(limit), page: String(page + 1) });
    if (role) next.set("role", role);
    if (rlid) next.set("rlid", rlid);
    headers.link = `<${base}?${next}>; rel="next"`;
  }
  res.writeHead(200, headers);
  res.end(JSON.stringify({ id: base, context: { id: course.id, label: course.label, title: course.title }, members }));
}
