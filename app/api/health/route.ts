import { pool } from "@/lib/db/pool";

export const dynamic = "force-dynamic";

/** Liveness plus the facts an operator needs: database up, runners seen recently. */
export async function GET() {
  try {
    const { rows } = await pool().query<{ runners: number }>(
      `SELECT count(*)::int AS runners FROM runner_heartbeat WHERE state = 'running' AND "lastSeenAt" > now() - interval '30 seconds'`,
    );
    return Response.json({ ok: true, database: "up", activeRunners: rows[0]?.runners ?? 0 });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
