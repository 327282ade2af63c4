-- Kept labs (docs/labs.md "Kept labs"): a closed lab's disk, sealed and kept for its learner to resume, one per
-- learner and lab. The file is <keptDir>/<id>.img, root's alone; `account` is the lab account whose ids own its
-- files. While a session has resumed it, `sessionId` names that session and the file is in the lab's folder.
CREATE TABLE "kept_lab" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "labSlug" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "keptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "sessionId" TEXT,

    CONSTRAINT "kept_lab_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "kept_lab_userId_labSlug_key" ON "kept_lab"("userId", "labSlug");
CREATE INDEX "kept_lab_expiresAt_idx" ON "kept_lab"("expiresAt");

ALTER TABLE "kept_lab" ADD CONSTRAINT "kept_lab_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "kept_lab" ADD CONSTRAINT "kept_lab_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sandbox_session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A lab started over: its learner's kept lab is thrown away, not resumed.
ALTER TABLE "sandbox_session" ADD COLUMN "fresh" BOOLEAN NOT NULL DEFAULT false;

-- What an admin sets for kept labs: how long one is kept after it closed, and the disk one learner's kept labs may
-- take in all. One row, id 1 (lib/labs/kept-labs.ts writes no other).
CREATE TABLE "lab_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "keptDays" INTEGER NOT NULL DEFAULT 30,
    "keptBytesPerUser" BIGINT NOT NULL DEFAULT 8589934592,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_settings_pkey" PRIMARY KEY ("id")
);

ALTER TYPE "AdminActionKind" ADD VALUE 'kept_labs_settings_saved';
