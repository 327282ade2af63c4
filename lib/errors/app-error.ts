/**
 * Every failure the platform reports is an AppError with a stable code, so
 * routes can map it to an HTTP status and the page can show the message as-is.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "PAYLOAD_TOO_LARGE"
  | "INVALID_PATH"
  | "INVALID_DOCKERFILE"
  | "UNKNOWN_QUESTION"
  | "CONFLICT"
  | "CONTENT_INVALID"
  | "DOCKER_UNAVAILABLE"
  | "INTERNAL";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_PATH: 400,
  INVALID_DOCKERFILE: 422,
  UNKNOWN_QUESTION: 400,
  CONFLICT: 409,
  CONTENT_INVALID: 500,
  DOCKER_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Extra machine-readable detail, e.g. the offending file path or line. */
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
