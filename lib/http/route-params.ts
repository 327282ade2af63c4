import type { z } from "zod";
import { RequestError } from "../errors/request-error";

/**
 * A dynamic route's path parameters, checked against their shapes before anything uses them: a NUL, a 10,000-
 * character id or a slug with a slash can name nothing, so it is answered 400 with the part of the address at fault
 * instead of reaching the file system or the database (where it would fail as a 500).
 */
export async function routeParams<T extends z.ZodObject>(params: Promise<unknown>, schema: T): Promise<z.infer<T>> {
  const raw = await params;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "address");
  const value = (raw as Record<string, unknown> | undefined)?.[name];
  throw new RequestError(
    "BAD_REQUEST",
    `This address is not valid: its ${name} ${shown(value)} ${issue?.message ?? "is not valid"}.`,
    { param: name },
  );
}

/** The offending value as the message quotes it: escaped (a NUL shows as \u0000) and cut short. */
function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut.toWellFormed());
}
