"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { isLtiPicker } from "@/lib/lti/lti-paths";

/** Leaves its children out of the LTI content picker, the one page framed: the menu's links there would be refused. */
export function NotInLmsFrame({ children }: { children: ReactNode }) {
  return isLtiPicker(usePathname()) ? null : children;
}
