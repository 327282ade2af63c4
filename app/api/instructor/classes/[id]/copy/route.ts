import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { copyClassSchema } from "@/lib/classes/copy-class-input";
import { copyClass } from "@/lib/classes/next-term";

export const dynamic = "force-dynamic";

/**
 * Copies the class to a new one for the next term. Body `{ name, term, days, timeZone, copyStaff }`; answers 201
 * `{ id, name, assignments, days, staff }`.
 */
export const POST = classChangeRoute("copy a class", copyClassSchema, 4096, copyClass, 201);
