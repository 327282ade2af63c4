import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";

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

/** A route's path parameters that name rows (`[id]`, `[assignmentId]`…), each checked to be a row's id before use. */
export function rowIdParams<K extends string>(params: Promise<Record<K, string>>, ...names: K[]) {
  const shape = Object.fromEntries(names.map((name) => [name, rowIdSchema])) as Record<K, typeof rowIdSchema>;
  return routeParams(params, z.object(shape));
}

/** A route's `[id]`, checked to be a row's id. */
export function idParam(params: Promise<{ id: string }>) {
  return rowIdParams(params, "id");
}

/** A route's `[slug]`, checked to be a slug. */
export function slugParam(params: Promise<{ slug: string }>) {
  return routeParams(params, z.object({ slug: slugSchema }));
}
