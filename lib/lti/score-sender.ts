import { sendDueScores } from "./score-sync";

/** How often due LMS scores are looked for: a launched learner sees their grade in the LMS within seconds. */
const SEND_SCORES_EVERY_MS = 3000;

/**
 * Sends the scores due to LMSs (score-sync.ts) on a timer of their own, in the web server's process: an LMS call
 * signs with the tool's key, and the sandbox runner, which runs learners' code, has no business holding it. Every
 * web instance may run it: a due score is claimed by one sender at a time. A slow LMS never overlaps its own round.
 * Returns a stop that waits for the round in flight.
 */
export function startScoreSender(log: (line: string) => void): () => Promise<void> {
  let sending: Promise<void> | undefined;
  const timer = setInterval(() => {
    sending ??= sendDueScores()
      .then(({ sent, failed }) => {
        if (sent + failed > 0) log(`LMS scores: ${sent} sent, ${failed} failed (retried later)`);
      })
      .catch((err) => log(`sending LMS scores failed: ${(err as Error).message}`))
      .finally(() => (sending = undefined));
  }, SEND_SCORES_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sending;
  };
}
