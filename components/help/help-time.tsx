import { formatAbsoluteTime, formatRelativeTime } from "@/lib/format/relative-time";

/**
 * When a request or a message was written, relative for a glance and exact on hover, in the browser's panels: the
 * server's "just now" may be the browser's "1 minute ago" by the time the page hydrates, which is no mismatch to
 * report.
 */
export function HelpTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={formatAbsoluteTime(date)} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelativeTime(date)}
    </time>
  );
}
