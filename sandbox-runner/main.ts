import { env, isDatabaseUnavailable } from "./from-lib";
import { gradingConcurrency, measureMachine } from "./hosts/capacity";
import { startRunner } from "./runner";

// pg-boss 10 completes and fails jobs without awaiting the promise; a database restart at that moment would end
// the process on an unhandled rejection. The job then simply expires or is reclaimed, so a runner outlives it.
process.on("unhandledRejection", (err) => {
  if (!isDatabaseUnavailable(err)) throw err;
  console.error(`[runner] the database was unavailable for a queue update: ${(err as Error).message}`);
});

/** Entry point of a stand-alone runner process: `npm run runner`. */
const config = env();
const runner = await startRunner({
  databaseUrl: config.DATABASE_URL,
  concurrency: config.RUNNER_CONCURRENCY === "auto" ? gradingConcurrency(measureMachine()) : config.RUNNER_CONCURRENCY,
  gpus: config.RUNNER_GPUS,
  id: config.RUNNER_ID,
  hosts: config.RUNNER_HOSTS,
  labs: config.RUNNER_LABS,
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[runner] ${signal}: draining`);
    runner.stop().then(
      () => process.exit(0),
      (err) => {
        console.error("[runner] stop failed", err);
        process.exit(1);
      },
    );
  });
}
