import { z } from "zod";
import { env } from "../config/env";
import { RequestError } from "../errors/request-error";
import type { Prisma } from "../generated/prisma/client";

/**
 * The flood limit on a learner's submissions, in a sliding window, counted from the submission rows themselves.
 * Only what the learner chose to spend counts: an instructor's re-grade is not their doing, and a submission that
 * ended in "error" was the platform's fault (lifecycle.ts), which must cost the learner nothing.
 *
 * The one-in-flight rule (create-submission.ts) already keeps a learner to one job per exercise in the queue at a
 * time, so a flooder can never be more than a few jobs ahead of anybody; this limit caps the share of the runners
 * one learner can take over a longer stretch. A withdrawn submission counts: it was sent, and withdrawing must not
 * turn into a way round the limit.
 */
const windowRowSchema = z.object({
  counted: z.number().int(),
  /** Seconds until the submission whose ageing out brings the count below the limit leaves the window. */
  freedIn: z.number().nullable(),
});

/**
 * Throws RATE_LIMITED when the learner may not submit now. Call it inside the transaction that holds the learner's
 * submit lock, so simultaneous submits are counted one after the other. Times are the database's (rows are stored
 * in UTC), so web instances whose clocks differ agree.
 */
export async function assertWithinRateLimit(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const { SUBMISSION_RATE_LIMIT: limit, SUBMISSION_RATE_WINDOW_SECONDS: windowSeconds } = env();
  const rows = await tx.$queryRaw`
    WITH counted AS (
      SELECT "createdAt" FROM submission
       WHERE "userId" = ${userId} AND "regradeOfId" IS NULL AND status <> 'error'
         AND "createdAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSeconds}::int)
    )
    SELECT (SELECT count(*)::int FROM counted) AS counted,
           (SELECT extract(epoch FROM "createdAt" + make_interval(secs => ${windowSeconds}::int)
                                      - (now() AT TIME ZONE 'UTC'))::float8
              FROM counted ORDER BY "createdAt" DESC OFFSET ${limit - 1}::int LIMIT 1) AS "freedIn"`;
  const { counted, freedIn } = z.tuple([windowRowSchema]).parse(rows)[0];
  if (counted < limit) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(freedIn ?? windowSeconds));
  throw new RequestError(
    "RATE_LIMITED",
    `You have submitted ${counted} times in the last ${duration(windowSeconds).replace(/^1 /, "")}. ` +
      `Try again in ${duration(retryAfterSeconds)}.`,
    { limit, windowSeconds, retryAfterSeconds },
    { retryAfterSeconds },
  );
}

/** "45 seconds", "1 minute", "10 minutes", "2 hours": rounded up, so "try again in" is never too early. */
function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds >= 60) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds), "second");
}

function plural(n: number, unit: string): string {
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}
