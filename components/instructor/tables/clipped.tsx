/**
 * Text someone typed (a name, an email address) on one line of a table cell, cut short with an ellipsis at `width`:
 * however long it is, the columns stay readable. The whole text is the title, shown on hover.
 */
export function Clipped({
  text,
  width = "max-w-56",
  className = "",
}: {
  text: string;
  /** The widest it may be, as a Tailwind max-width class. */
  width?: string;
  className?: string;
}) {
  return (
    <span className={`block truncate ${width} ${className}`} title={text}>
      {text}
    </span>
  );
}
