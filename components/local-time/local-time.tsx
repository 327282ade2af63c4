"use client";

import { useEffect, useState } from "react";

/** A moment as the reader reads it: weekday, date and time of day. */
export const DATE_TIME = {
  weekday: "short",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
} as const satisfies Intl.DateTimeFormatOptions;

/**
 * A moment in the reader's own time zone, with the zone named: the server renders the ISO time (it cannot know the
 * zone), and the browser rewrites it with Intl.DateTimeFormat once it runs, so a due date reads in local time.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const [text, setText] = useState(() => `${iso.slice(0, 16).replace("T", " ")} UTC`);
  useEffect(() => {
    const format = new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZoneName: "short" });
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setText(`${format.format(new Date(iso))} (${zone})`);
  }, [iso]);
  return (
    <time dateTime={iso} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
