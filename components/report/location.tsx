/** "Dockerfile:12", "requirements.txt:3": a place in one of the learner's files that the editor can show. */
const FILE_LINE = /^[\w./-]+:\d+$/;

export type JumpTo = (location: string) => void;

/** A location; with `onJumpTo` (the editor), a file line is a button that shows it, anything else stays text. */
export function Location({ location, onJumpTo }: { location: string; onJumpTo?: JumpTo }) {
  if (!onJumpTo || !FILE_LINE.test(location)) return <span className="font-mono">{location}</span>;
  return (
    <button
      type="button"
      data-location={location}
      aria-label={`Show ${location} in the editor`}
      onClick={() => onJumpTo(location)}
      className={
        "rounded font-mono text-sky-700 underline decoration-dotted underline-offset-2 hover:decoration-solid " +
        "focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
      }
    >
      {location}
    </button>
  );
}
