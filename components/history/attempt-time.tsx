import { formatAbsoluteTime, formatRelativeTime } from "@/lib/format/relative-time";

/** When an attempt was made: relative for a glance, the exact time on hover and for machines. */
export function AttemptTime({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatAbsoluteTime(date)} className="whitespace-nowrap">
      {formatRelativeTime(date)}
    </time>
  );
}
