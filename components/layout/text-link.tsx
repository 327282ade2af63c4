import Link from "next/link";
import type { ComponentProps } from "react";

/** A link in running text or in a table cell, in the site's one style of link (`className` adds to it). */
export function TextLink({ className = "", ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} className={`text-brand-600 underline dark:text-sky-300 ${className}`} />;
}
