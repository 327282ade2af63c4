import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import type { CurrentUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";

/**
 * A staff member's change under /api/instructor/classes/[id], refused for `action` to anyone but staff: the route's
 * row ids (`names`) and its JSON body (at most `maxBytes`, checked by `schema`; none read when 0) go to `change`,
 * whose answer is sent with `status`, or 204 when it has none.
 */
function staffChangeRoute<K extends string, S extends z.ZodType>(
  action: string,
  names: readonly K[],
  schema: S,
  maxBytes: number,
  change: (user: CurrentUser, ids: Record<K, string>, body: z.infer<S>) => Promise<unknown>,
  status = 200,
) {
  return apiRoute(async (request: Request, { params }: { params: Promise<Record<K, string>> }) => {
    const user = await requireStaff(action);
    const ids = (await rowIdParams(params, ...names)) as Record<K, string>;
    const body = maxBytes === 0 ? schema.parse(undefined) : await readJson(request, schema, maxBytes);
    const result = await change(user, ids, body);
    return result === undefined ? new Response(null, { status: 204 }) : Response.json(result, { status });
  });
}

/** A change to the class (`[id]`) itself. */
export function classChangeRoute<S extends z.ZodType>(
  action: string,
  schema: S,
  maxBytes: number,
  change: (user: CurrentUser, classId: string, body: z.infer<S>) => Promise<unknown>,
  status?: number,
) {
  return staffChangeRoute(action, ["id"], schema, maxBytes, (user, { id }, body) => change(user, id, body), status);
}

/** A change to an assignment of the class (`[assignmentId]`). */
export function assignmentChangeRoute(
  action: string,
  maxBytes: number,
  change: (user: CurrentUser, classId: string, assignmentId: string, body: unknown) => Promise<unknown>,
) {
  return staffChangeRoute(action, ["id", "assignmentId"], z.unknown(), maxBytes, (user, { id, assignmentId }, body) =>
    change(user, id, assignmentId, body),
  );
}

/** A change to one learner's part of the assignment (`[userId]`): an extension, an overridden score, extra time. */
export function learnerChangeRoute(
  action: string,
  maxBytes: number,
  change: (user: CurrentUser, classId: string, assignmentId: string, userId: string, body: unknown) => Promise<unknown>,
) {
  return staffChangeRoute(
    action,
    ["id", "assignmentId", "userId"],
    z.unknown(),
    maxBytes,
    (user, { id, assignmentId, userId }, body) => change(user, id, assignmentId, userId, body),
  );
}
