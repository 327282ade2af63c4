-- AlterTable
ALTER TABLE "runner_heartbeat" ADD COLUMN     "buildNetworkProblem" TEXT;
