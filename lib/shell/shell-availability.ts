import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { z } from "zod";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { phaseResultSchema } from "../grading/result-schema";
import { runnerAliveSql } from "../runners/liveness";
import { isInFlightStatus } from "../submissions/lifecycle";
import { SHELL_LIMITS } from "./shell-limits";

/** Why no shell can be opened on a submission now; pages show the message and may switch on the reason. */
export type ShellUnavailableReason = "grading" | "not-built" | "expired" | "engine-offline";

export type ShellAvailability =
  | { available: true; engineId: string; keptUntil: Date }
  | { available: false; reason: ShellUnavailableReason; message: string; keptUntil: Date | null };

const KEEP_MINUTES = Math.round(SHELL_LIMITS.imageKeepSeconds / 60);

const MESSAGES: Record<ShellUnavailableReason, string> = {
  grading: "This submission is still being graded, so its image is not ready yet. Open a shell once the report is in.",
  "not-built":
    "This submission has no image to open a shell in: its build failed or never ran, and a shell needs an image " +
    "that built. Fix the build and submit again.",
  expired:
    `This submission's image is gone: images are kept ${KEEP_MINUTES} minutes after grading. ` +
    "Submit again to get a fresh one.",
  "engine-offline":
    "The grading machine that holds this submission's image is offline, so no shell can start in it. " +
    "Try again in a few minutes, or submit again to build the image on a machine that is up.",
};

// Only what tells whether the image built; the rest of the result document does not matter here.
const buildOutcomeSchema = z.object({ phases: z.array(phaseResultSchema.pick({ name: true, status: true })) });

interface SubmissionFacts {
  id: string;
  status: string;
  result: unknown;
}

/**
 * Whether a shell can start in a submission's image now: the image must still be kept (kept_image, written by the
 * runner after grading) and a live runner with a shell host (RUNNER_HOSTS) must be on the engine that holds it.
 * The one answer for `openShell` and for the pages that offer the button.
 */
export async function shellAvailability(
  db: pg.Pool | pg.PoolClient,
  submission: SubmissionFacts,
): Promise<ShellAvailability> {
  const image = await typedSql(db)
    .selectFrom("kept_image as k")
    .select(["k.engineId", "k.keptUntil", sql<boolean>`k."keptUntil" > now()`.as("kept")])
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM runner_heartbeat r WHERE r."engineId" = k."engineId"
                         AND 'shell' = ANY(r.hosts) AND ${sql.raw(runnerAliveSql("r"))})`.as("online"),
    )
    .where("k.submissionId", "=", submission.id)
    .executeTakeFirst();
  const unavailable = (reason: ShellUnavailableReason): ShellAvailability => ({
    available: false,
    reason,
    message: MESSAGES[reason],
    keptUntil: image?.keptUntil ?? null,
  });
  if (isInFlightStatus(submission.status)) return unavailable("grading");
  // No row: either nothing was built, or the image was removed after its time (the row with it).
  if (!image) return unavailable(imageBuilt(submission.result) ? "expired" : "not-built");
  if (!image.kept) return unavailable("expired");
  if (!image.online) return unavailable("engine-offline");
  return { available: true, engineId: image.engineId, keptUntil: image.keptUntil };
}

/** The RequestError for a shell that cannot be opened: 503 while the engine is offline (it may come back), else 409. */
export function unavailableError(availability: Extract<ShellAvailability, { available: false }>): RequestError {
  const code = availability.reason === "engine-offline" ? "UNAVAILABLE" : "CONFLICT";
  return new RequestError(code, availability.message, { reason: availability.reason });
}

function imageBuilt(result: unknown): boolean {
  const parsed = buildOutcomeSchema.safeParse(result);
  return parsed.success && parsed.data.phases.some((p) => p.name === "build" && p.status === "passed");
}
