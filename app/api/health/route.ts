import { pool } from "@/lib/db/pool";
import { readWarmUp } from "@/lib/platform/warm-up-store";
import { runnersHealth } from "@/lib/runners/liveness";

export const dynamic = "force-dynamic";

/**
 * Liveness plus the facts an operator needs: database, runners, their Docker engine, the build network and what
 * `npm start` is still preparing (`warmUp`). The HTTP status is this instance's (503: no PostgreSQL, take it out of the
 * balancer); `ok` is the platform's: false too while nothing can grade (no engine, no build network, images failed).
 */
export async function GET() {
  try {
    const [{ activeRunners, engine, buildNetwork }, warmUp] = await Promise.all([
      runnersHealth(pool()),
      readWarmUp(pool()),
    ]);
    const imagesFailed = warmUp.parts.baseImages?.state === "failed";
    return Response.json({
      ok: engine.status !== "down" && buildNetwork.status !== "down" && !imagesFailed,
      database: "up",
      engine,
      buildNetwork,
      activeRunners,
      warmUp,
    });
  } catch (err) {
    // A health check answers "down" rather than failing; the log keeps the cause for the operator.
    console.error("[health] database check failed:", (err as Error).message);
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
