import type { HTMLAttributes, ReactNode } from "react";

/**
 * A box whose content may scroll, in the tab order so a keyboard can scroll it (WCAG 2.1.1), and so a region named by
 * `label` to be announced as something. Server-rendered, so it works before the page's scripts load.
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
