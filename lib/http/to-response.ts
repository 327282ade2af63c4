import { ZodError } from "zod";
import { AppError, isAppError } from "../errors/app-error";

/** Maps any thrown value to a JSON error response a page can show as-is. */
export function errorResponse(err: unknown): Response {
  if (isAppError(err)) return Response.json(err.toJSON(), { status: err.httpStatus });
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? ` (${first.path.join(".")})` : "";
    const appError = new AppError("BAD_REQUEST", `The request is not valid${where}: ${first?.message ?? "unknown problem"}.`);
    return Response.json(appError.toJSON(), { status: 400 });
  }
  console.error("[api] unexpected error", err);
  return Response.json(new AppError("INTERNAL", "Something went wrong on our side. Please try again.").toJSON(), { status: 500 });
}
