/** As long as the supervisor itself waits for a part's orderly stop before it kills it (scripts/platform.ts). */
const GRACE_MS = 5_000;

/**
 * A part `npm start` supervises (the web server, the runner) runs in a process group of its own, so a supervisor
 * killed with SIGKILL takes nothing with it: the part would keep its port and its platform's work with nobody to stop
 * it, and the next `npm start` would find its port answered by a stranger. The supervisor therefore starts each part
 * with an IPC channel (scripts/supervisor/node-process.ts); the channel closes whenever the supervisor dies, however it
 * died, and the part then stops as it does on SIGTERM, and ends after the grace the supervisor would have given it
 * (an orderly stop can wait forever on a database that died with the supervisor). Started any other way, a part has
 * no channel and this does nothing.
 */
export function stopWithSupervisor(): void {
  const channel = process.channel;
  if (!channel) return;
  // The channel alone must not keep a part alive that has nothing else to do.
  channel.unref();
  process.once("disconnect", () => {
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    process.kill(process.pid, "SIGTERM");
  });
}
