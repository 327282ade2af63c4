import { formatAbsoluteTime, formatRelativeTime } from "@/lib/format/relative-time";

/**
 * When something was done: relative for a glance, the exact time on hover and for machines. In the browser's panels
 * the server's "just now" may read "1 minute ago" by hydration, which is no mismatch to report.
 */
export function AttemptTime({ date }: { date: Date }) {
  return (
    <time
      dateTime={date.toISOString()}
      title={formatAbsoluteTime(date)}
      className="whitespace-nowrap"
      suppressHydrationWarning
    >
      {formatRelativeTime(date)}
    </time>
  );
}
