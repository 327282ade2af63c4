import { pool } from "@/lib/db/pool";
import { runnersHealth } from "@/lib/runners/liveness";

export const dynamic = "force-dynamic";

/**
 * Liveness plus the facts an operator needs: database up, runners seen recently, their Docker engine answering.
 * The HTTP status is this web instance's (503: it cannot reach PostgreSQL, take it out of the balancer); `ok` is
 * the platform's: false too while no live runner reaches its engine, when pages still serve but nothing grades.
 */
export async function GET() {
  try {
    const { activeRunners, engine } = await runnersHealth(pool());
    return Response.json({ ok: engine.status !== "down", database: "up", engine, activeRunners });
  } catch (err) {
    // A health check answers "down" rather than failing; the log keeps the cause for the operator.
    console.error("[health] database check failed:", (err as Error).message);
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
