-- AlterTable
ALTER TABLE "runner_heartbeat" ADD COLUMN     "engineProblem" TEXT;
