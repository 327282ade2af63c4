import "server-only";
import { sql } from "kysely";
import { recordAdminAction } from "../audit/action-log";
import type { Role } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import {
  forgetKeptLab,
  type KeptLabSettings,
  keptLabSettingsSchema,
  keptLabsOfUser,
  readKeptLabSettings,
  writeKeptLabSettings,
} from "./kept-lab-store";
import { labTitle } from "./load-lab";

/*
 * Kept labs as the web app shows them: a learner's own (the lab page's panel, /labs, deleting one) and an admin's
 * settings for all (how long one stays, the disk a learner's may take). The rows are kept-lab-store.ts's; the disks
 * are the lab host's, which keeps a lab at its close and resumes it at the next start (docs/labs.md "Kept labs").
 */

/**
 * How kept labs are kept, as every learner reads it: days after a lab closes, and the disk each learner has. For pages
 * that explain them to anyone (a lab's limits, signed in or not).
 */
export async function keptLabTerms() {
  const settings = await readKeptLabSettings(pool());
  return { keptDays: settings.keptDays, quotaBytes: settings.keptBytesPerUser };
}

/**
 * The learner's kept labs (most recently kept first), what they take in all against `quotaBytes`, and how long each
 * stays. Plain data (dates as ISO text), so a server page can hand it to the browser.
 */
export async function keptLabsView(userId: string) {
  const [rows, terms] = await Promise.all([keptLabsOfUser(pool(), userId), keptLabTerms()]);
  const labs = await Promise.all(
    rows.map(async (row) => ({
      slug: row.labSlug,
      // Its slug when the lab is no longer in the course (its kept work is still the learner's).
      title: await labTitle(row.labSlug),
      bytes: row.bytes,
      keptAt: row.keptAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      // A session holds it now (resumed, the lab live): it cannot be deleted until that lab closes.
      open: row.held,
    })),
  );
  return { labs, usedBytes: rows.reduce((sum, row) => sum + row.bytes, 0), ...terms };
}

/**
 * The learner deletes their kept work of a lab: the row goes now, and its disk at the lab host's next sweep. Not
 * while a lab runs on it (409): closing that lab keeps it again, and it can be deleted then.
 */
export async function forgetKeptLabFor(userId: string, slug: string): Promise<{ forgotten: true }> {
  const outcome = await forgetKeptLab(pool(), userId, slug);
  if (outcome === "none")
    throw new RequestError("NOT_FOUND", `You have no kept work of the lab "${await labTitle(slug)}".`);
  if (outcome === "open")
    throw new RequestError(
      "CONFLICT",
      "Close the lab first; its work is in use. Closing keeps it again, and you can delete it then.",
      { reason: "kept-lab-open", slug },
    );
  return { forgotten: true };
}

type Actor = { id: string; role: Role };

function requireAdmin(actor: Actor, action: string): void {
  if (actor.role !== "admin") throw new RequestError("FORBIDDEN", `Only an admin can ${action}.`);
}

const { keptDays, keptBytesPerUser } = keptLabSettingsSchema.shape;

/** What an admin may set, read off the schema that checks it, for the settings form's fields and its messages. */
export const KEPT_LAB_BOUNDS = {
  keptDays: { min: keptDays.minValue ?? 1, max: keptDays.maxValue ?? 365 },
  keptBytesPerUser: { min: keptBytesPerUser.minValue ?? 0, max: keptBytesPerUser.maxValue ?? 0 },
} as const;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;

/** Each field's refusal in the form's words: zod's own ("Too big: expected number to be <=365") names no field. */
const FIELD_PROBLEM: Record<keyof KeptLabSettings, string> = {
  keptDays:
    `Keep a closed lab for a whole number of days, from ${KEPT_LAB_BOUNDS.keptDays.min} to ` +
    `${KEPT_LAB_BOUNDS.keptDays.max}.`,
  keptBytesPerUser:
    `The disk each learner may use for kept labs is a whole number of bytes from ` +
    `${gb(KEPT_LAB_BOUNDS.keptBytesPerUser.min)} to ${gb(KEPT_LAB_BOUNDS.keptBytesPerUser.max)}.`,
};

/** The settings in a body, or a 400 naming the field at fault (`details.field`) in words an admin can act on. */
function parseSettings(body: unknown): KeptLabSettings {
  const parsed = keptLabSettingsSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  if (field === "keptDays" || field === "keptBytesPerUser")
    throw new RequestError("BAD_REQUEST", FIELD_PROBLEM[field], { field });
  const unknown = issue?.code === "unrecognized_keys" ? ` It has ${issue.keys.join(", ")}, which is not one.` : "";
  throw new RequestError(
    "BAD_REQUEST",
    `Send the kept labs' settings as { keptDays, keptBytesPerUser }, both numbers.${unknown}`,
  );
}

/** How kept labs are kept now (the defaults until an admin saves others). Admins only. */
export async function keptLabSettings(actor: Actor): Promise<KeptLabSettings> {
  requireAdmin(actor, "see the kept labs' settings");
  return readKeptLabSettings(pool());
}

/**
 * An admin sets how long a closed lab is kept and the disk each learner's kept labs may take; the admin log keeps
 * both, before and after, in the same transaction. The new days count for labs kept from now on (each kept lab keeps
 * the expiry it was given), and a smaller quota makes room at a learner's next close, oldest first.
 */
export async function saveKeptLabSettings(actor: Actor, body: unknown): Promise<KeptLabSettings> {
  requireAdmin(actor, "change the kept labs' settings");
  const to = parseSettings(body);
  return inTransaction(async (client) => {
    // Two admins saving at once: each entry's "from" is what the other left.
    await sql`SELECT pg_advisory_xact_lock(hashtext('lab_settings'))`.execute(typedSql(client));
    const from = await readKeptLabSettings(client);
    await writeKeptLabSettings(client, to);
    await recordAdminAction(
      client,
      { id: actor.id },
      { action: "kept_labs_settings_saved", details: { from: { ...from }, to } },
    );
    return to;
  });
}
