-- Shells and labs become one concept: a sandbox session of a kind, in one table with one event log and one lifecycle
-- (a shell's "requested" is the "queued" every kind now starts in). Rows and events are moved over as they are; the
-- events get new ids in the one log, in the order they happened.
CREATE TYPE "SessionKind" AS ENUM ('shell', 'lab');
CREATE TYPE "SessionStatus" AS ENUM ('queued', 'starting', 'open', 'closed');

CREATE TABLE "sandbox_session" (
    "id" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "SessionStatus" NOT NULL DEFAULT 'queued',
    "runnerId" TEXT,
    "cols" INTEGER NOT NULL DEFAULT 80,
    "rows" INTEGER NOT NULL DEFAULT 24,
    "closeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "lastInputAt" TIMESTAMP(3),
    "submissionId" TEXT,
    "engineId" TEXT,
    "labSlug" TEXT,

    CONSTRAINT "sandbox_session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "session_event" (
    "id" BIGSERIAL NOT NULL,
    "sessionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_event_pkey" PRIMARY KEY ("id")
);

INSERT INTO "sandbox_session" ("id", "kind", "userId", "status", "runnerId", "cols", "rows", "closeReason",
                               "createdAt", "openedAt", "closedAt", "submissionId", "engineId")
SELECT "id", 'shell', "userId",
       (CASE "status" WHEN 'requested' THEN 'queued' ELSE "status"::text END)::"SessionStatus",
       "runnerId", "cols", "rows", "closeReason", "createdAt", "openedAt", "closedAt", "submissionId", "engineId"
FROM "shell_session";

INSERT INTO "sandbox_session" ("id", "kind", "userId", "status", "runnerId", "cols", "rows", "closeReason",
                               "createdAt", "openedAt", "closedAt", "lastInputAt", "labSlug")
SELECT "id", 'lab', "userId", "status"::text::"SessionStatus", "runnerId", "cols", "rows", "closeReason",
       "createdAt", "openedAt", "closedAt", "lastInputAt", "labSlug"
FROM "lab_session";

INSERT INTO "session_event" ("sessionId", "type", "data", "createdAt")
SELECT "sessionId", "type", "data", "createdAt"
FROM (SELECT "sessionId", "type", "data", "createdAt", "id", 0 AS "log" FROM "shell_event"
      UNION ALL
      SELECT "sessionId", "type", "data", "createdAt", "id", 1 AS "log" FROM "lab_event") e
ORDER BY "createdAt", "log", "id";

DROP TABLE "shell_event";
DROP TABLE "lab_event";
DROP TABLE "shell_session";
DROP TABLE "lab_session";
DROP TYPE "ShellStatus";
DROP TYPE "LabStatus";

CREATE INDEX "sandbox_session_userId_status_idx" ON "sandbox_session"("userId", "status");
CREATE INDEX "sandbox_session_kind_status_createdAt_idx" ON "sandbox_session"("kind", "status", "createdAt");
CREATE INDEX "sandbox_session_submissionId_idx" ON "sandbox_session"("submissionId");
CREATE INDEX "session_event_sessionId_id_idx" ON "session_event"("sessionId", "id");

ALTER TABLE "sandbox_session" ADD CONSTRAINT "sandbox_session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sandbox_session" ADD CONSTRAINT "sandbox_session_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "session_event" ADD CONSTRAINT "session_event_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sandbox_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
