import { z } from "zod";
import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { syncRoster } from "@/lib/lti/roster-sync";

export const dynamic = "force-dynamic";

/** Syncs the class's roster from its LMS course; answers `{ added, changed, removed, unchanged, skipped }`. */
export const POST = classChangeRoute("sync a class's roster", z.unknown(), 0, syncRoster);
