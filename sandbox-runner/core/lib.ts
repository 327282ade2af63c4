/**
 * What the runner's core takes from the platform's shared code (lib/): the process's settings, liveness and leases,
 * the session sweep, the reaper's limits and the error kinds. Core modules (hosts/, docker/, images/, the heartbeat,
 * the lease, the reaper) import lib/ only through here, and each host has a facade of its own
 * (test-support/layers.test.ts holds that), so a host that is not running loads none of what only it uses.
 */
import { DATABASE_SETTINGS, ENGINE_SETTINGS, RUNNER_SETTINGS, settingsReader } from "../../lib/config/settings";

export { HOST_KINDS, type HostKind } from "../../lib/config/settings";
export { inTransaction } from "../../lib/db/transaction";
export { typedSql } from "../../lib/db/typed-sql";
export { isDatabaseUnavailable } from "../../lib/db/unavailable";
export { ifErrno, isErrno } from "../../lib/errors/errno";
export { PlatformFault } from "../../lib/errors/platform-fault";
export { RequestError } from "../../lib/errors/request-error";
export { formatMiB } from "../../lib/format/bytes";
export { stopWithSupervisor } from "../../lib/platform/supervisor-link";
export { BOSS_SCHEMA, JOB_EXPIRE_SECONDS } from "../../lib/queue/queues";
export { runnerAliveSql, runnerTiming } from "../../lib/runners/liveness";
export { LIVE_SESSION_STATUSES } from "../../lib/sessions/session-lifecycle";
export { pruneClosedSessionOutput } from "../../lib/sessions/session-store";
export { closeStrandedSessions } from "../../lib/sessions/stranded-sessions";
export { SHELL_LIMITS } from "../../lib/shell/shell-limits";
export { appendEvent } from "../../lib/submissions/event-log";

/** The process's own settings: the database, its name and hosts, and its engine; never the web's. */
export const runnerSettings = settingsReader({ ...DATABASE_SETTINGS, ...RUNNER_SETTINGS, ...ENGINE_SETTINGS });
