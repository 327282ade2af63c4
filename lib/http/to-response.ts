import { ZodError } from "zod";
import { PlatformFault, type PlatformSystem } from "../errors/platform-fault";
import { RequestError } from "../errors/request-error";

const INTERNAL = { status: 500, code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
type GenericAnswer = typeof INTERNAL;
const UNAVAILABLE: GenericAnswer = {
  status: 503,
  code: "UNAVAILABLE",
  message: "A service this site depends on is not answering. Please try again shortly.",
};

/** A dependency that failed may answer again shortly; broken content or runner setup stays broken until fixed. */
const FAULT_ANSWER: Record<PlatformSystem, GenericAnswer> = {
  docker: UNAVAILABLE,
  database: UNAVAILABLE,
  content: INTERNAL,
  runner: INTERNAL,
};

/**
 * Maps any thrown value to a JSON error response a page can show as-is. Only a RequestError's message reaches the
 * caller: anything else is logged here and answered generically, because its message is for the operator.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof RequestError) {
    const retryAfter = err.retryAfterSeconds;
    const headers = retryAfter === undefined ? undefined : { "Retry-After": String(Math.ceil(retryAfter)) };
    return Response.json(err.toJSON(), { status: err.httpStatus, headers });
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? ` (${first.path.join(".")})` : "";
    const problem = first?.message ?? "unknown problem";
    return errorResponse(new RequestError("BAD_REQUEST", `The request is not valid${where}: ${problem}.`));
  }
  if (err instanceof PlatformFault) {
    console.error(`[api] ${err.system} fault`, err);
    return answer(FAULT_ANSWER[err.system]);
  }
  console.error("[api] unexpected error", err);
  return answer(INTERNAL);
}

function answer({ status, code, message }: GenericAnswer): Response {
  return Response.json({ error: { code, message } }, { status });
}
