-- AlterEnum
ALTER TYPE "AdminActionKind" ADD VALUE 'class_created';
ALTER TYPE "AdminActionKind" ADD VALUE 'class_staff_changed';
ALTER TYPE "AdminActionKind" ADD VALUE 'roster_imported';
ALTER TYPE "AdminActionKind" ADD VALUE 'assignment_changed';
ALTER TYPE "AdminActionKind" ADD VALUE 'extension_granted';
ALTER TYPE "AdminActionKind" ADD VALUE 'score_overridden';

-- CreateEnum
CREATE TYPE "ClassRole" AS ENUM ('instructor', 'ta', 'learner');

-- CreateEnum
CREATE TYPE "AssignmentKind" AS ENUM ('exercise', 'lab', 'quiz');

-- CreateTable
CREATE TABLE "class" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "joinCode" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "class_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "class_member" (
    "classId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "ClassRole" NOT NULL,
    "source" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_member_pkey" PRIMARY KEY ("classId","userId")
);

-- CreateTable
CREATE TABLE "class_invite" (
    "classId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "ClassRole" NOT NULL,
    "invitedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_invite_pkey" PRIMARY KEY ("classId","email")
);

-- CreateTable
CREATE TABLE "assignment" (
    "id" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "kind" "AssignmentKind" NOT NULL,
    "itemSlug" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3) NOT NULL,
    "latePolicy" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assignment_extension" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assignment_extension_pkey" PRIMARY KEY ("assignmentId","userId")
);

-- CreateTable
CREATE TABLE "score_override" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "setById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "score_override_pkey" PRIMARY KEY ("assignmentId","userId")
);

-- CreateTable
CREATE TABLE "hint_use" (
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "hintIndex" INTEGER NOT NULL,
    "how" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hint_use_pkey" PRIMARY KEY ("userId","exerciseSlug","hintIndex")
);

-- CreateTable
CREATE TABLE "submission_comment" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "path" TEXT,
    "line" INTEGER,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMP(3),

    CONSTRAINT "submission_comment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "class_joinCode_key" ON "class"("joinCode");

-- CreateIndex
CREATE INDEX "class_member_userId_idx" ON "class_member"("userId");

-- CreateIndex
CREATE INDEX "class_member_classId_role_idx" ON "class_member"("classId", "role");

-- CreateIndex
CREATE INDEX "class_invite_email_idx" ON "class_invite"("email");

-- CreateIndex
CREATE INDEX "assignment_kind_itemSlug_idx" ON "assignment"("kind", "itemSlug");

-- CreateIndex
CREATE UNIQUE INDEX "assignment_classId_kind_itemSlug_key" ON "assignment"("classId", "kind", "itemSlug");

-- CreateIndex
CREATE INDEX "hint_use_exerciseSlug_idx" ON "hint_use"("exerciseSlug");

-- CreateIndex
CREATE INDEX "submission_comment_submissionId_createdAt_idx" ON "submission_comment"("submissionId", "createdAt");

-- AddForeignKey
ALTER TABLE "class" ADD CONSTRAINT "class_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_member" ADD CONSTRAINT "class_member_classId_fkey" FOREIGN KEY ("classId") REFERENCES "class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_member" ADD CONSTRAINT "class_member_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_invite" ADD CONSTRAINT "class_invite_classId_fkey" FOREIGN KEY ("classId") REFERENCES "class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignment_extension" ADD CONSTRAINT "assignment_extension_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignment_extension" ADD CONSTRAINT "assignment_extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_override" ADD CONSTRAINT "score_override_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_override" ADD CONSTRAINT "score_override_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hint_use" ADD CONSTRAINT "hint_use_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submission_comment" ADD CONSTRAINT "submission_comment_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submission_comment" ADD CONSTRAINT "submission_comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
