/**
 * What the session hosts share from lib/ (sessions/: a shell's or a lab's session, its store and control messages).
 * Imported only by sessions/ (test-support/layers.test.ts); each host has its own facade for the rest.
 */
export { typedSql } from "../../lib/db/typed-sql";
export { formatBytes, formatMiB } from "../../lib/format/bytes";
export type { SessionKind } from "../../lib/sessions/session-lifecycle";
export {
  SESSION_CONTROL_CHANNEL,
  type SessionControl,
  sessionControlSchema,
} from "../../lib/sessions/session-protocol";
export { appendSessionEvent, moveSession } from "../../lib/sessions/session-store";
