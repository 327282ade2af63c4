"use client";

import dynamic from "next/dynamic";

/**
 * The learner's lab terminal, read-only, on the staff's page of a request for help. xterm needs a DOM and is large:
 * it loads in the browser, and only on a request whose lab may be watched.
 */
export const WatchLive = dynamic(() => import("./watch-terminal").then((m) => m.WatchTerminal), {
  ssr: false,
  loading: () => <p className="text-sm">Loading the terminal…</p>,
});
