-- AlterEnum
ALTER TYPE "AdminActionKind" ADD VALUE 'lti_platform_saved';
ALTER TYPE "AdminActionKind" ADD VALUE 'lti_roster_synced';
ALTER TYPE "AdminActionKind" ADD VALUE 'lti_key_rotated';

-- CreateTable
CREATE TABLE "lti_platform" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deploymentIds" TEXT[],
    "authLoginUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "lti_platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lti_tool_key" (
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateJwk" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "lti_tool_key_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "lti_login" (
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "lti_login_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "lti_account" (
    "platformId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lti_account_pkey" PRIMARY KEY ("platformId","sub")
);

-- CreateTable
CREATE TABLE "lti_context" (
    "platformId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "membershipsUrl" TEXT,
    "rosterSyncedAt" TIMESTAMP(3),

    CONSTRAINT "lti_context_pkey" PRIMARY KEY ("platformId","contextId")
);

-- CreateTable
CREATE TABLE "lti_link" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "kind" "AssignmentKind" NOT NULL,
    "itemSlug" TEXT NOT NULL,
    "lineItemUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lti_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lti_score_sync" (
    "linkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "dueSince" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentScore" DOUBLE PRECISION,
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "lti_score_sync_pkey" PRIMARY KEY ("linkId","userId")
);

-- CreateTable
CREATE TABLE "lti_deep_link" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "returnUrl" TEXT NOT NULL,
    "data" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "lti_deep_link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lti_platform_issuer_clientId_key" ON "lti_platform"("issuer", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "lti_login_nonce_key" ON "lti_login"("nonce");

-- CreateIndex
CREATE INDEX "lti_login_createdAt_idx" ON "lti_login"("createdAt");

-- CreateIndex
CREATE INDEX "lti_account_userId_idx" ON "lti_account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "lti_context_classId_key" ON "lti_context"("classId");

-- CreateIndex
CREATE INDEX "lti_link_classId_kind_itemSlug_idx" ON "lti_link"("classId", "kind", "itemSlug");

-- CreateIndex
CREATE UNIQUE INDEX "lti_link_platformId_resourceLinkId_key" ON "lti_link"("platformId", "resourceLinkId");

-- CreateIndex
CREATE INDEX "lti_score_sync_dueSince_nextAttemptAt_idx" ON "lti_score_sync"("dueSince", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "lti_login" ADD CONSTRAINT "lti_login_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "lti_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_account" ADD CONSTRAINT "lti_account_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "lti_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_account" ADD CONSTRAINT "lti_account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_context" ADD CONSTRAINT "lti_context_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "lti_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_context" ADD CONSTRAINT "lti_context_classId_fkey" FOREIGN KEY ("classId") REFERENCES "class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_link" ADD CONSTRAINT "lti_link_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "lti_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_link" ADD CONSTRAINT "lti_link_classId_fkey" FOREIGN KEY ("classId") REFERENCES "class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_score_sync" ADD CONSTRAINT "lti_score_sync_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "lti_link"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_score_sync" ADD CONSTRAINT "lti_score_sync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lti_deep_link" ADD CONSTRAINT "lti_deep_link_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "lti_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;
