import type { WarmUpPart, WarmUpState } from "../../lib/platform/warm-up";

/**
 * What `npm start` prepares behind a web server that already serves pages: the base and service images (minutes on
 * a fresh machine: Debian downloads, two debootstraps) and this machine as a lab host, side by side. Each part's
 * state is recorded as it goes (lib/platform/warm-up-store.ts, for /api/health, the dashboard and the exercise and
 * lab pages); the runner starts once the images are ready, and until then gradings and labs wait in their queues.
 */
export interface WarmUpSteps {
  /** Seeds the images; each line it logs is its progress. Rejects with why it failed. */
  seedImages(log: (line: string) => void, signal: AbortSignal): Promise<void>;
  /** Makes this machine a lab host, or says why labs are off here. */
  labHost: { run(signal: AbortSignal): Promise<void> } | { off: string };
  /** RUNNER_LABS=on: labs are required, so a lab host that cannot be made stops the platform. */
  labsRequired: boolean;
}

export interface WarmUpHooks {
  record(part: WarmUpPart, state: WarmUpState, detail: string | null, begins?: boolean): void;
  say(line: string): void;
}

export interface WarmUpOutcome {
  /** The runner may start: every image grading needs is there. */
  imagesReady: boolean;
  /** Why the platform must stop (a required lab host failed); undefined otherwise. */
  fatal?: string;
}

const RESUME = "run npm start again to resume (what is done is kept)";
/** The stored reason, with how to resume unless the step's own message says it already. */
const withResume = (why: string) => clip(/\bagain\b/.test(why) ? why : `${why}; ${RESUME}`);
/** A failure's detail as stored: the reason, not a screenful of log. */
const DETAIL_CHARS = 600;

/**
 * Starts the warm-up in the background; the initial states are recorded before this returns, the work itself begins
 * once `pagesUp` settles: on two cores a debootstrap beside the web server's start would hold the first page up.
 */
export async function startWarmUp(
  steps: WarmUpSteps,
  hooks: WarmUpHooks,
  signal: AbortSignal,
  pagesUp: Promise<unknown> = Promise.resolve(),
): Promise<WarmUpOutcome> {
  hooks.record("baseImages", "warming", "checking which images are missing or outdated", true);
  if ("off" in steps.labHost) hooks.record("labHost", "off", steps.labHost.off, true);
  else hooks.record("labHost", "warming", "installing the lab packages and creating the lab accounts", true);
  // Whether the web server came up or not, the warm-up goes on (the platform stops on its own if it must).
  const stopped = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await Promise.race([pagesUp.catch(() => undefined), stopped]);
  if (signal.aborted) return { imagesReady: false };

  const images = steps
    .seedImages((line) => {
      hooks.say(line);
      hooks.record("baseImages", "warming", progressOf(line));
    }, signal)
    .then(
      () => {
        hooks.record("baseImages", "ready", null);
        return true;
      },
      (err: unknown) => {
        if (signal.aborted) return false;
        const why = reasonOf(err);
        hooks.say(
          `preparing the base images failed: ${why}\n[dockyard] pages still serve and submissions are queued; ` +
            `grading starts once the images are ready: ${RESUME}`,
        );
        hooks.record("baseImages", "failed", withResume(why));
        return false;
      },
    );
  const labHost =
    "off" in steps.labHost
      ? Promise.resolve(undefined)
      : steps.labHost.run(signal).then(
          () => {
            hooks.record("labHost", "ready", null);
            return undefined;
          },
          (err: unknown) => {
            if (signal.aborted) return undefined;
            const why = reasonOf(err);
            hooks.say(`this machine cannot be made a lab host, so labs are off: ${why}; ${RESUME}`);
            hooks.record("labHost", "failed", withResume(why));
            return steps.labsRequired
              ? `RUNNER_LABS=on, but this machine cannot be made a lab host: ${why}`
              : undefined;
          },
        );
  const [imagesReady, fatal] = await Promise.all([images, labHost]);
  return { imagesReady, fatal };
}

/** A seeding line as a step under way: "seed-base-images: python:3.11-slim: installing …" without the prefix. */
export function progressOf(line: string): string {
  return clip(line.replace(/^seed-base-images:\s*/, "").trim());
}

/**
 * Why a step failed, from its error: a seeding failure carries the script's last 40 lines, whose last "error:" line
 * names the step and the cause (seed-lib.sh's `die`); otherwise its last line.
 */
export function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.findLast((l) => /\berror:/.test(l));
  const line = error ?? lines.at(-1) ?? "no reason given";
  return clip(line.replace(/^(seed-base-images:|\[ensure-lab-host\])\s*(error:\s*)?/, ""));
}

function clip(text: string): string {
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS - 1)}…` : text;
}
