-- CreateTable
CREATE TABLE "solution_seen" (
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "solution_seen_pkey" PRIMARY KEY ("userId","exerciseSlug")
);

-- CreateIndex
CREATE INDEX "solution_seen_exerciseSlug_idx" ON "solution_seen"("exerciseSlug");

-- AddForeignKey
ALTER TABLE "solution_seen" ADD CONSTRAINT "solution_seen_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
