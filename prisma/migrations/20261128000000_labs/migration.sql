-- CreateEnum
CREATE TYPE "LabStatus" AS ENUM ('queued', 'starting', 'open', 'closed');

-- CreateTable
CREATE TABLE "lab_session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "labSlug" TEXT NOT NULL,
    "status" "LabStatus" NOT NULL DEFAULT 'queued',
    "runnerId" TEXT,
    "cols" INTEGER NOT NULL DEFAULT 80,
    "rows" INTEGER NOT NULL DEFAULT 24,
    "closeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "lastInputAt" TIMESTAMP(3),

    CONSTRAINT "lab_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lab_event" (
    "id" BIGSERIAL NOT NULL,
    "sessionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lab_task_done" (
    "userId" TEXT NOT NULL,
    "labSlug" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "sessionId" TEXT,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_task_done_pkey" PRIMARY KEY ("userId","labSlug","taskId")
);

-- CreateIndex
CREATE INDEX "lab_session_userId_status_idx" ON "lab_session"("userId", "status");

-- CreateIndex
CREATE INDEX "lab_session_status_createdAt_idx" ON "lab_session"("status", "createdAt");

-- CreateIndex
CREATE INDEX "lab_event_sessionId_id_idx" ON "lab_event"("sessionId", "id");

-- CreateIndex
CREATE INDEX "lab_task_done_labSlug_idx" ON "lab_task_done"("labSlug");

-- AddForeignKey
ALTER TABLE "lab_session" ADD CONSTRAINT "lab_session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lab_event" ADD CONSTRAINT "lab_event_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "lab_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lab_task_done" ADD CONSTRAINT "lab_task_done_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
