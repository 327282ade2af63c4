/*
 * How copying a class to the next term moves a date, zod-free for the copy form's preview: by whole days in the
 * copier's time zone, so wall-clock times stay across a daylight-saving change (next-term.ts does the same in SQL).
 */

/** The most days a copy moves dates, either way: three years. */
export const MAX_SHIFT_DAYS = 3 * 366;

const DAY_MS = 86_400_000;

/** `at` moved by `days` calendar days in the zone this code runs in (the browser's), keeping its wall-clock time. */
export function shiftLocal(at: Date, days: number): Date {
  const moved = new Date(at.getTime());
  moved.setDate(moved.getDate() + days);
  return moved;
}

/** The days from `from`'s local calendar day to `to` ("2027-01-11", from a date input); null when not a date. */
export function daysUntil(from: Date, to: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(to);
  if (!match) return null;
  const target = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const start = Date.UTC(from.getFullYear(), from.getMonth(), from.getDate());
  return Math.round((target - start) / DAY_MS);
}

/** A shift in words, after "moved": "by 18 weeks", "by 10 days", "2 weeks earlier", "by 0 days". */
export function describeShift(days: number): string {
  const n = Math.abs(days);
  const amount = n % 7 === 0 && n > 0 ? `${n / 7} week${n === 7 ? "" : "s"}` : `${n} day${n === 1 ? "" : "s"}`;
  return days < 0 ? `${amount} earlier` : `by ${amount}`;
}
