-- CreateTable
CREATE TABLE "draft" (
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "draft_pkey" PRIMARY KEY ("userId","exerciseSlug")
);

-- AddForeignKey
ALTER TABLE "draft" ADD CONSTRAINT "draft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
