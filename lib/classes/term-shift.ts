/*
 * Copying a class to the next term, the part the browser shares with the server: how a shift moves a date. Browser-
 * safe and zod-free (the copy form loads with the class's page): the form previews the moved dates with the same rule
 * the server applies; the request's body is copy-class-input.ts's.
 *
 * A shift is a whole number of days, applied in the copier's time zone so that wall-clock times stay: an assignment
 * due Monday 23:59 is due Monday 23:59 eighteen weeks later, even when a daylight-saving change falls between (the
 * exact duration then differs by the hour the clocks moved). The browser's `Date#setDate` does exactly that in its own
 * zone, and the server does it in PostgreSQL in the zone the form sends (lib/classes/next-term.ts).
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

/**
 * The days from the local calendar day of `from` to the day `to` ("2027-01-11", as a date input gives it): the shift
 * that makes `from`'s day `to`. Null when `to` is not a date.
 */
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
