import { isDatabaseUnavailable, runnerSettings, stopWithSupervisor } from "./core/lib";
import { gradingHostSettings } from "./hosts/grading";
import { labsMode } from "./hosts/labs";
import { startRunner } from "./runner";

// pg-boss 10 completes and fails jobs without awaiting the promise; a database restart at that moment would end
// the process on an unhandled rejection. The job then simply expires or is reclaimed, so a runner outlives it.
process.on("unhandledRejection", (err) => {
  if (!isDatabaseUnavailable(err)) throw err;
  console.error(`[runner] the database was unavailable for a queue update: ${(err as Error).message}`);
});

/** Entry point of a stand-alone runner process: `npm run runner`. */
// Each host's settings are read only where it runs: a lab machine is not refused for a grading setting.
const config = runnerSettings();
const hosts = config.RUNNER_HOSTS;
const runner = await startRunner({
  databaseUrl: config.DATABASE_URL,
  ...(hosts.includes("grade") ? gradingHostSettings() : { concurrency: 0, gpus: 0 }),
  id: config.RUNNER_ID,
  hosts,
  labs: hosts.includes("lab") ? labsMode() : "off",
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
// Under npm start, a supervisor that dies (even by SIGKILL) stops this runner as SIGTERM would.
stopWithSupervisor();
