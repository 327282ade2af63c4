/**
 * The caller sent something wrong: bad input, a missing sign-in, a name that does not exist. The message is written
 * for the learner and shown as-is, and the code is stable, so the HTTP edge answers with the code's status and the
 * body `{ error: { code, message, details } }` that pages read.
 *
 * A dependency that failed (Docker engine, database, course content on disk) is not the caller's doing and is a
 * PlatformFault instead: its message is for the operator, and the learner only learns that it was not their fault.
 */
export type RequestErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "PAYLOAD_TOO_LARGE"
  | "INVALID_PATH"
  | "INVALID_DOCKERFILE"
  | "UNKNOWN_QUESTION"
  | "CONFLICT"
  | "RATE_LIMITED"
  /** What the request needs is down for now (e.g. the grading machine holding an image); it may work later. */
  | "UNAVAILABLE";

const HTTP_STATUS: Record<RequestErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_PATH: 400,
  INVALID_DOCKERFILE: 422,
  UNKNOWN_QUESTION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export interface RequestErrorOptions {
  /** When the same request may succeed: sent as Retry-After, so clients and proxies wait without reading the body. */
  retryAfterSeconds?: number;
}

export class RequestError extends Error {
  readonly code: RequestErrorCode;
  /** Extra machine-readable detail, e.g. the offending file path or line. */
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: RequestErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options: RequestErrorOptions = {},
  ) {
    super(message);
    this.name = "RequestError";
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
