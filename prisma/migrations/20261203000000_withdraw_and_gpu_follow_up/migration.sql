-- AlterEnum
ALTER TYPE "SubmissionStatus" ADD VALUE 'withdrawn';

-- AlterTable
ALTER TABLE "submission" ADD COLUMN     "gpuFollowUp" BOOLEAN NOT NULL DEFAULT false;
