"use client";

import { useViewer } from "@/components/viewer/viewer";
import { forbiddenReason } from "@/lib/auth/forbidden-reason";

/**
 * Why the 403 page refused this account, from the browser's viewer: Next.js renders the 403 boundary with every
 * page, so reading the session on the server there would make every prerendered page personal.
 */
export function ForbiddenReason() {
  const { viewer } = useViewer();
  return (
    <span data-testid="forbidden-reason">
      {viewer ? forbiddenReason(viewer.user?.role, viewer.user?.staff) : "This page is not open to your account."}
    </span>
  );
}
