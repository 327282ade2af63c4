-- Hosts report, the web decides (lib/course-policy/): a sandbox host appends events; the web's course-policy worker
-- turns them into LMS scores due, lab credit and help snapshots. Each event row carries the id of the transaction
-- that wrote it, so the worker can take every event exactly once in commit-safe order: it reads up to the oldest
-- transaction still running (pg_snapshot_xmin), which no later commit can land below.
ALTER TABLE "submission_event" ADD COLUMN "tx" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint;
ALTER TABLE "session_event" ADD COLUMN "tx" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint;
CREATE INDEX "submission_event_type_tx_idx" ON "submission_event"("type", "tx");
CREATE INDEX "session_event_type_tx_idx" ON "session_event"("type", "tx");

-- How far the worker has applied: every event written by a transaction below "tx" is applied. It starts after this
-- migration, whose own transaction id every existing event row took: those were applied by the hosts themselves.
CREATE TABLE "course_policy_cursor" (
    "name" TEXT NOT NULL,
    "tx" BIGINT NOT NULL,
    CONSTRAINT "course_policy_cursor_pkey" PRIMARY KEY ("name")
);
INSERT INTO "course_policy_cursor" ("name", "tx") VALUES ('events', ((pg_current_xact_id())::text)::bigint + 1);
