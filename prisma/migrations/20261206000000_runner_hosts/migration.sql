-- The hosts a runner process runs (grade, shell, lab: RUNNER_HOSTS). Runners from before it ran grading and shells
-- always, and labs when their machine could (their labCapacity says so).
ALTER TABLE "runner_heartbeat" ADD COLUMN "hosts" TEXT[] DEFAULT ARRAY['grade', 'shell']::TEXT[];

-- The shells a shell host can hold (from the machine's memory) and serves now, as labs have theirs.
ALTER TABLE "runner_heartbeat" ADD COLUMN "shellCapacity" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "activeShells" INTEGER NOT NULL DEFAULT 0;
