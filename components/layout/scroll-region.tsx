import type { HTMLAttributes, ReactNode } from "react";

/**
 * A box whose content may scroll (a wide table, a long command, a log), made reachable by keyboard: a keyboard user
 * scrolls a box with the arrow keys only once it has focus, and a box with nothing focusable inside gets none unless
 * it is itself in the tab order (WCAG 2.1.1; axe's `scrollable-region-focusable`). As a focusable element it needs a
 * role and a name to be announced as something: a region named by `label`. Server-rendered as it is, so it works on
 * prerendered pages and before the page's scripts load; the focus ring is the site's own (:focus-visible).
 */
export function ScrollRegion({
  as: Tag = "div",
  label,
  className = "",
  children,
  ...props
}: {
  as?: "div" | "pre";
  /** What the box holds, as a screen reader announces it ("Gradebook", "Command"). */
  label: string;
  className?: string;
  children: ReactNode;
} & Omit<HTMLAttributes<HTMLElement>, "children" | "className" | "role" | "tabIndex" | "aria-label">) {
  return (
    <Tag role="region" aria-label={label} tabIndex={0} className={className} {...props}>
      {children}
    </Tag>
  );
}
