-- CreateTable
CREATE TABLE "platform_warm_up" (
    "part" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "hostname" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_warm_up_pkey" PRIMARY KEY ("part")
);
