import { z } from "zod";
import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { importRoster, ROSTER_LIMITS } from "@/lib/classes/roster";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ csv: z.string() }).strict();

/** Body `{ csv }`: a roster (an `email` column, optionally `role`); answers what was added, invited and refused. */
export const POST = classChangeRoute(
  "import a roster",
  bodySchema,
  // JSON escapes can double a CSV's size on the way.
  ROSTER_LIMITS.bytes * 2,
  (user, id, { csv }) => importRoster(user, id, csv),
);
