type Props = { text: string; width?: string; className?: string };

/**
 * Text someone typed (a name, an email address) on one line of a table cell, cut short with an ellipsis at `width` (a
 * Tailwind max-width class) so the columns stay readable. The whole text is the title, shown on hover.
 */
export function Clipped({ text, width = "max-w-56", className = "" }: Props) {
  return (
    <span className={`block truncate ${width} ${className}`} title={text}>
      {text}
    </span>
  );
}
