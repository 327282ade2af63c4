-- Rubrics and manual grading (lib/rubrics/, docs/classes.md "Rubrics and manual grading"): an exercise assignment's
-- rubric (`mode` 'none', 'rubric' or 'combined', with the rubric's `share` in percent), its items, and each learner's
-- grade by it. A grade is keyed by assignment and learner, not by submission row, so a re-grade (a new row pointing
-- at the original) keeps it; `attemptId` is the original submission staff graded, whose time the late credit reads.
CREATE TABLE "rubric" (
    "assignmentId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "share" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rubric_pkey" PRIMARY KEY ("assignmentId")
);

CREATE TABLE "rubric_item" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "feedback" TEXT NOT NULL,

    CONSTRAINT "rubric_item_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rubric_grade" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "gradedById" TEXT,
    "graderName" TEXT NOT NULL,
    "gradedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rubric_grade_pkey" PRIMARY KEY ("assignmentId","userId")
);

CREATE TABLE "rubric_mark" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,

    CONSTRAINT "rubric_mark_pkey" PRIMARY KEY ("assignmentId","userId","itemId")
);

CREATE INDEX "rubric_item_assignmentId_position_idx" ON "rubric_item"("assignmentId", "position");
CREATE INDEX "rubric_grade_userId_idx" ON "rubric_grade"("userId");
CREATE INDEX "rubric_mark_itemId_idx" ON "rubric_mark"("itemId");

ALTER TABLE "rubric" ADD CONSTRAINT "rubric_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_item" ADD CONSTRAINT "rubric_item_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "rubric"("assignmentId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_grade" ADD CONSTRAINT "rubric_grade_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "rubric"("assignmentId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_grade" ADD CONSTRAINT "rubric_grade_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_grade" ADD CONSTRAINT "rubric_grade_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_grade" ADD CONSTRAINT "rubric_grade_gradedById_fkey" FOREIGN KEY ("gradedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "rubric_mark" ADD CONSTRAINT "rubric_mark_assignmentId_userId_fkey" FOREIGN KEY ("assignmentId", "userId") REFERENCES "rubric_grade"("assignmentId", "userId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rubric_mark" ADD CONSTRAINT "rubric_mark_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "rubric_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
