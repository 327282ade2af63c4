-- CreateEnum
CREATE TYPE "AdminActionKind" AS ENUM ('role_changed', 'admin_created', 'regrade_submission', 'regrade_exercise', 'gradebook_exported', 'shell_opened');

-- CreateTable
CREATE TABLE "admin_action" (
    "id" BIGSERIAL NOT NULL,
    "action" "AdminActionKind" NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "actorEmail" TEXT,
    "targetId" TEXT,
    "targetLabel" TEXT,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_action_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "admin_action_createdAt_idx" ON "admin_action"("createdAt");

-- CreateIndex
CREATE INDEX "admin_action_action_createdAt_idx" ON "admin_action"("action", "createdAt");

-- CreateIndex
CREATE INDEX "admin_action_actorId_idx" ON "admin_action"("actorId");

-- AddForeignKey
ALTER TABLE "admin_action" ADD CONSTRAINT "admin_action_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
