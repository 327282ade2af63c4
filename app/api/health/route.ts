import { pool } from "@/lib/db/pool";
import { activeRunnerCount } from "@/lib/runners/liveness";

export const dynamic = "force-dynamic";

/** Liveness plus the facts an operator needs: database up, runners seen recently. */
export async function GET() {
  try {
    return Response.json({ ok: true, database: "up", activeRunners: await activeRunnerCount(pool()) });
  } catch (err) {
    // A health check answers "down" rather than failing; the log keeps the cause for the operator.
    console.error("[health] database check failed:", (err as Error).message);
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
