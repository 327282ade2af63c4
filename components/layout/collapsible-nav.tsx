"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { SECONDARY_BUTTON } from "@/components/http/form-styles";

const PANEL_ID = "site-menu";

/**
 * The header's links, search and account: a row from the `lg` breakpoint up, behind a Menu button below it. The
 * children are rendered once (their ids must stay unique); only CSS decides whether they show as a row or a panel.
 */
export function CollapsibleNav({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page it was opened on: following one of its links closes it, with no effect to run.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      // The search box's own Escape closes its results first (and says so); a second Escape reaches here.
      if (event.key !== "Escape" || event.defaultPrevented) return;
      setOpenOn(null);
      button.current?.focus();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={PANEL_ID}
        onClick={() => setOpenOn(open ? null : pathname)}
        className={`${SECONDARY_BUTTON} ml-auto inline-flex items-center gap-2 lg:hidden`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor">
          <path d={open ? "M5 5l10 10M15 5L5 15" : "M3 5h14M3 10h14M3 15h14"} strokeWidth="2" strokeLinecap="round" />
        </svg>
        Menu
      </button>
      <div
        id={PANEL_ID}
        className={
          `${open ? "flex" : "hidden"} w-full flex-col gap-3 border-t border-slate-200 pt-3 text-sm ` +
          "dark:border-slate-800 lg:flex lg:w-auto lg:min-w-0 lg:flex-1 lg:flex-row lg:items-center lg:gap-6 " +
          "lg:border-0 lg:pt-0"
        }
      >
        {children}
      </div>
    </>
  );
}
