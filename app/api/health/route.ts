import { pool } from "@/lib/db/pool";
import { readWarmUp } from "@/lib/platform/warm-up-store";
import { runnersHealth } from "@/lib/runners/liveness";

export const dynamic = "force-dynamic";

/**
 * Liveness plus the facts an operator needs: database up, runners seen recently, their Docker engine answering,
 * build steps reaching the package mirror (`buildNetwork`: a build that cannot is graded again once it can), and
 * what `npm start` is still preparing (`warmUp`: base images, lab host). The HTTP status is this web instance's
 * (503: it cannot reach PostgreSQL, take it out of the balancer); `ok` is the platform's: false too while no live
 * runner reaches its engine, or when preparing the images failed, when pages still serve but nothing grades. While
 * the images are still being prepared `ok` stays true: gradings wait in the queue and will be graded.
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
