"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { isLtiPicker } from "@/lib/lti/lti-paths";

/**
 * Leaves its children out of the LTI content picker, the one page an LMS shows in a frame of its own: every other
 * page refuses to be framed (frame-ancestors 'none'), so the site's menu there would only lead the frame to a refusal.
 */
export function NotInLmsFrame({ children }: { children: ReactNode }) {
  return isLtiPicker(usePathname()) ? null : children;
}
