-- Password guessing slowed rather than locked (lib/auth/sign-in-throttle.ts): failed sign-ins counted per account,
-- client address and device cookie, and the storms admins are shown on the instructor dashboard.
-- CreateTable
CREATE TABLE "sign_in_failure" (
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "firstFailedAt" TIMESTAMP(3) NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("kind","subject")
);

-- CreateTable
CREATE TABLE "sign_in_guessing" (
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "firstFailedAt" TIMESTAMP(3) NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_guessing_pkey" PRIMARY KEY ("kind","subject")
);

-- CreateIndex
CREATE INDEX "sign_in_failure_lastFailedAt_idx" ON "sign_in_failure"("lastFailedAt");

-- CreateIndex
CREATE INDEX "sign_in_guessing_lastFailedAt_idx" ON "sign_in_guessing"("lastFailedAt");
