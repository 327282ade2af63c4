/** "Waiting for 2 labs ahead of yours, about 40 s.": a queued session's place (1 is next), with the estimate. */
export function queueNote(noun: string, position: number | undefined, waitSeconds?: number): string | undefined {
  if (position === undefined) return undefined;
  const ahead = position - 1;
  const about = waitSeconds === undefined ? "" : `, about ${elapsed(waitSeconds)}`;
  if (ahead <= 0) return `Yours is next${about}.`;
  return `Waiting for ${ahead} ${ahead === 1 ? noun : `${noun}s`} ahead of yours${about}.`;
}

/** Seconds as a learner reads a wait: "40 s", "2 min 5 s". */
export function elapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min${s % 60 === 0 ? "" : ` ${s % 60} s`}`;
}
