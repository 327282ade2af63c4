import "server-only";
import type pg from "pg";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import type { ShellStatus } from "./shell-lifecycle";

type Db = pg.Pool | pg.PoolClient;

/** What `GET /api/shells/:id` answers: a shell as its opener sees it (never the runner or engine it is on). */
export interface ShellState {
  id: string;
  submissionId: string;
  status: ShellStatus;
  cols: number;
  rows: number;
  /** Why it closed, for the opener; null while it is live. */
  closeReason: string | null;
  createdAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

interface ShellRow extends ShellState {
  userId: string;
  runnerId: string | null;
}

const STATE_COLUMNS = `s.id, s."userId", s."submissionId", s.status::text AS status, s."runnerId", s.cols, s.rows,
  s."closeReason", s."createdAt", s."openedAt", s."closedAt"`;

/**
 * A shell of the caller's own, for every request about one: only its opener may see it, type into it, follow it or
 * close it. Anyone else, an instructor included, gets the same 404 as for a shell that does not exist, so a guessed
 * id reveals nothing.
 */
export async function ownShell(
  userId: string,
  sessionId: string,
  db: Db = pool(),
  { lock = false }: { lock?: boolean } = {},
): Promise<ShellRow> {
  const { rows } = await db.query<ShellRow>(
    `SELECT ${STATE_COLUMNS} FROM shell_session s WHERE s.id = $1 ${lock ? "FOR UPDATE" : ""}`,
    [sessionId],
  );
  const row = rows[0];
  if (!row || row.userId !== userId) {
    throw new RequestError("NOT_FOUND", "There is no such shell, or it is not yours. Open a shell from a report.");
  }
  return row;
}

/** `GET /api/shells/:id`: the shell as its opener sees it, without the runner it is on. */
export async function getShell(user: CurrentUser, sessionId: string): Promise<ShellState> {
  const { userId: _user, runnerId: _runner, ...state } = await ownShell(user.id, sessionId);
  return state;
}
