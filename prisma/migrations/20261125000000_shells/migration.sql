-- CreateEnum
CREATE TYPE "ShellStatus" AS ENUM ('requested', 'starting', 'open', 'closed');

-- AlterTable
ALTER TABLE "runner_heartbeat" ADD COLUMN "engineId" TEXT;

-- CreateTable
CREATE TABLE "kept_image" (
    "submissionId" TEXT NOT NULL,
    "engineId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "keptUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kept_image_pkey" PRIMARY KEY ("submissionId")
);

-- CreateTable
CREATE TABLE "shell_session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "status" "ShellStatus" NOT NULL DEFAULT 'requested',
    "engineId" TEXT NOT NULL,
    "runnerId" TEXT,
    "cols" INTEGER NOT NULL DEFAULT 80,
    "rows" INTEGER NOT NULL DEFAULT 24,
    "closeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "shell_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shell_event" (
    "id" BIGSERIAL NOT NULL,
    "sessionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shell_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kept_image_engineId_keptUntil_idx" ON "kept_image"("engineId", "keptUntil");

-- CreateIndex
CREATE INDEX "shell_session_userId_status_idx" ON "shell_session"("userId", "status");

-- CreateIndex
CREATE INDEX "shell_session_status_engineId_idx" ON "shell_session"("status", "engineId");

-- CreateIndex
CREATE INDEX "shell_session_submissionId_idx" ON "shell_session"("submissionId");

-- CreateIndex
CREATE INDEX "shell_event_sessionId_id_idx" ON "shell_event"("sessionId", "id");

-- AddForeignKey
ALTER TABLE "kept_image" ADD CONSTRAINT "kept_image_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shell_session" ADD CONSTRAINT "shell_session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shell_session" ADD CONSTRAINT "shell_session_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shell_event" ADD CONSTRAINT "shell_event_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "shell_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
