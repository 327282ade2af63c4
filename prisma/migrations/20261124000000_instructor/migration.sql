-- AlterTable
ALTER TABLE "submission" ADD COLUMN "regradeOfId" TEXT,
ADD COLUMN "regradeBatchId" TEXT;

-- CreateTable
CREATE TABLE "regrade_batch" (
    "id" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regrade_batch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quiz_attempt_lessonSlug_createdAt_idx" ON "quiz_attempt"("lessonSlug", "createdAt");

-- CreateIndex
CREATE INDEX "submission_exerciseSlug_createdAt_idx" ON "submission"("exerciseSlug", "createdAt");

-- CreateIndex
CREATE INDEX "submission_createdAt_idx" ON "submission"("createdAt");

-- CreateIndex
CREATE INDEX "submission_regradeOfId_idx" ON "submission"("regradeOfId");

-- CreateIndex
CREATE INDEX "submission_regradeBatchId_idx" ON "submission"("regradeBatchId");

-- AddForeignKey
ALTER TABLE "submission" ADD CONSTRAINT "submission_regradeOfId_fkey" FOREIGN KEY ("regradeOfId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submission" ADD CONSTRAINT "submission_regradeBatchId_fkey" FOREIGN KEY ("regradeBatchId") REFERENCES "regrade_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "regrade_batch" ADD CONSTRAINT "regrade_batch_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
