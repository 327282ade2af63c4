import { sendDueScores } from "../lti/score-sync";
import { applyCoursePolicy } from "./course-policy";

/** How often the hosts' events are applied: a task done shows in the learner's progress within a second or so. */
const APPLY_EVERY_MS = 1000;
/** How often due LMS scores are looked for: a launched learner sees their grade in the LMS within seconds. */
const SEND_SCORES_EVERY_MS = 3000;

/**
 * The web's worker, in the web server's process (scripts/web-server.ts): applies course policy to what the sandbox
 * hosts reported (course-policy.ts), then sends the scores due to LMSs (lib/lti/score-sync.ts). Both live here, not
 * in the runner: an LMS call signs with the tool's key, and the process that runs learners' code has no business
 * holding it nor deciding what a grade means. Every web instance may run it: the policy cursor and each due score are
 * held by one at a time. A slow round never overlaps its own next one. Returns a stop that waits for the rounds in
 * flight.
 */
export function startCoursePolicyWorker(log: (line: string) => void): () => Promise<void> {
  const loop = (everyMs: number, round: () => Promise<void>, what: string) => {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      running ??= round()
        .catch((err) => log(`${what} failed: ${(err as Error).message}`))
        .finally(() => (running = undefined));
    }, everyMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  };
  const stops = [
    loop(
      APPLY_EVERY_MS,
      async () => {
        const { graded, labTasks, snapshots, timedLabsClosed } = await applyCoursePolicy();
        if (timedLabsClosed > 0) log(`${timedLabsClosed} lab(s) closed: their timed assessment ended`);
        if (graded + labTasks + snapshots > 0)
          log(`applied ${graded} grade(s), ${labTasks} lab task(s) done, ${snapshots} help snapshot(s)`);
      },
      "applying course policy",
    ),
    loop(
      SEND_SCORES_EVERY_MS,
      async () => {
        const { sent, failed } = await sendDueScores();
        if (sent + failed > 0) log(`LMS scores: ${sent} sent, ${failed} failed (retried later)`);
      },
      "sending LMS scores",
    ),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
