-- Help from staff (docs/labs.md "Help from staff"; lib/help/): a learner's question on a lab or an exercise, with a
-- snapshot of where they stand (the tasks, the terminal's recent output and the lab engine's contents, or the
-- exercise attempt), and the thread staff answer it in. `sessionId`: the lab session it was asked from, which staff
-- may watch read-only while `watchConsent` holds and the request is open; `submissionId`: the exercise attempt.
-- `kind` is 'lab' or 'exercise', `status` 'open' or 'resolved' (lib/help/help-threads.ts writes no other).
CREATE TABLE "help_request" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemSlug" TEXT NOT NULL,
    "sessionId" TEXT,
    "submissionId" TEXT,
    "question" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "watchConsent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "help_request_pkey" PRIMARY KEY ("id")
);

-- The thread of one request, oldest first; a message outlives its author's account (authorId set null).
CREATE TABLE "help_message" (
    "id" BIGSERIAL NOT NULL,
    "requestId" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "help_message_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "help_request_userId_createdAt_idx" ON "help_request"("userId", "createdAt");
CREATE INDEX "help_request_status_createdAt_idx" ON "help_request"("status", "createdAt");
CREATE INDEX "help_message_requestId_id_idx" ON "help_message"("requestId", "id");

ALTER TABLE "help_request" ADD CONSTRAINT "help_request_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "help_request" ADD CONSTRAINT "help_request_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sandbox_session"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "help_request" ADD CONSTRAINT "help_request_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "help_message" ADD CONSTRAINT "help_message_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "help_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "help_message" ADD CONSTRAINT "help_message_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
