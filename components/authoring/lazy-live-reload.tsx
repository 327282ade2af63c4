"use client";

import { lazy, type ReactNode } from "react";

// The live preview runs under `next dev` only, yet a client component the root layout imports is in every page's
// first load whether it renders or not: with zod (to check the content events) and next/error's boundary, that was
// 35 kB gzipped on every production page. So it is imported when it first renders, and the condition, fixed at build
// time, leaves it out of production builds altogether.
const LiveReloadNow =
  process.env.NODE_ENV === "development"
    ? lazy(() => import("./live-reload").then((m) => ({ default: m.LiveReload })))
    : Passthrough;

function Passthrough({ children }: { children: ReactNode }) {
  return children;
}

/** The live preview (`live-reload.tsx`) around the page, loaded on demand: the root layout mounts this one. */
export function LazyLiveReload({ children }: { children: ReactNode }) {
  return <LiveReloadNow>{children}</LiveReloadNow>;
}
