import type { ReactNode } from "react";

/**
 * Text someone typed (a name, an email address) on one line of a table cell, cut short with an ellipsis at `width`:
 * however long it is, the columns stay readable. The whole text is the title, shown on hover. `children` replaces
 * the text as the visible content when it needs markup of its own (the text is still the title).
 */
export function Clipped({
  text,
  width = "max-w-56",
  className = "",
  children,
}: {
  text: string;
  /** The widest it may be, as a Tailwind max-width class. */
  width?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <span className={`block truncate ${width} ${className}`} title={text}>
      {children ?? text}
    </span>
  );
}
