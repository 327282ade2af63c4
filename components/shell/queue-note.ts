/** "2 labs ahead of yours": a queued session's place (1 is next) said as what its learner waits for. */
export function queueNote(noun: string, position: number | undefined): string | undefined {
  if (position === undefined) return undefined;
  const ahead = position - 1;
  if (ahead <= 0) return "Yours is next.";
  return `${ahead} ${ahead === 1 ? noun : `${noun}s`} ahead of yours.`;
}
