import type { z } from "zod";
import { RequestError } from "./request-error";

/**
 * A request body checked against its schema: the data, or a 400 naming the first field at fault (`details.field`,
 * which forms use to put the message beside the field) and what is wrong with it. `what` starts the message when the
 * schema's own words need saying what they are about: "The rubric is not valid: items.0.points: …".
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what?: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") ?? "";
  const problem = issue?.message ?? "unknown problem";
  const message = what ? `${what} is not valid: ${field ? `${field}: ` : ""}${problem}.` : problem;
  throw new RequestError("BAD_REQUEST", message, { field });
}
