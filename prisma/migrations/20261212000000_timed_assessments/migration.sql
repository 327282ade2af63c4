-- Timed assessments (issue 38; lib/timed/): an assignment may carry a time limit; each learner gets one window of it,
-- whose end the server fixes when it starts (the primary key makes a second window impossible), and staff may give a
-- learner extra time as an accommodation.
ALTER TABLE "assignment" ADD COLUMN "timeLimitMinutes" INTEGER;

-- CreateTable
CREATE TABLE "timed_window" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,

    CONSTRAINT "timed_window_pkey" PRIMARY KEY ("assignmentId","userId")
);

-- CreateTable
CREATE TABLE "timed_extra_time" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "extraPercent" INTEGER NOT NULL DEFAULT 0,
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "grantedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "timed_extra_time_pkey" PRIMARY KEY ("assignmentId","userId")
);

-- AddForeignKey
ALTER TABLE "timed_window" ADD CONSTRAINT "timed_window_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timed_window" ADD CONSTRAINT "timed_window_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timed_extra_time" ADD CONSTRAINT "timed_extra_time_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timed_extra_time" ADD CONSTRAINT "timed_extra_time_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Staff giving a learner extra time is logged like an extension.
ALTER TYPE "AdminActionKind" ADD VALUE 'timed_extra_time';
