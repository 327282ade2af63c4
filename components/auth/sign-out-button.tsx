"use client";

import { useRouter } from "next/navigation";
import { useViewer } from "@/components/viewer/viewer";

export function SignOutButton() {
  const router = useRouter();
  const { refresh } = useViewer();
  return (
    <button
      type="button"
      className={
        "rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100 " +
        "dark:border-slate-700 dark:hover:bg-slate-800"
      }
      onClick={async () => {
        // The auth client is only needed for this click, so it stays out of every page's first load.
        const { authClient } = await import("@/lib/auth/auth-client");
        await authClient.signOut();
        await refresh();
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
