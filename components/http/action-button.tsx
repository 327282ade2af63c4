"use client";

import { useRouter } from "next/navigation";
import { Alert } from "./alert";
import { useSend } from "./use-request";

/**
 * A button that sends one request (after a confirmation, when given) and refreshes the page, or shows the server's
 * refusal beside it: removing, rotating, syncing and the like.
 */
export function ActionButton({
  method,
  url,
  label,
  confirm,
  ariaLabel,
  className = "text-sm underline",
}: {
  method: string;
  url: string;
  label: string;
  confirm?: string;
  ariaLabel?: string;
  className?: string;
}) {
  const router = useRouter();
  const { busy, error, send } = useSend();
  async function act() {
    if (busy) return;
    if (confirm && !window.confirm(confirm)) return;
    if (await send(method, url)) router.refresh();
  }
  return (
    <span>
      {/* aria-disabled, not disabled, while the request runs: a disabled button loses the keyboard's focus to <body>
          (focus-result.tsx), and the answer (a refusal beside it, or the refreshed page) is read from where it is. */}
      <button
        type="button"
        onClick={act}
        aria-disabled={busy || undefined}
        aria-label={ariaLabel}
        className={className}
      >
        {label}
      </button>
      <Alert className="block text-xs" inline message={error} />
    </span>
  );
}
