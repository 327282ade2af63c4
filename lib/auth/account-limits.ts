/**
 * How long an account's name and e-mail address may be, wherever they are set. Free of imports so the sign-up form
 * can size its inputs without loading zod; the rules that use these numbers are in account-fields.ts.
 */
export const ACCOUNT_LIMITS = {
  /** Long enough for any real full name; short enough that tables and exports stay readable. */
  nameChars: 100,
  /** RFC 5321: a path is at most 256 octets with its angle brackets, so an address is at most 254. */
  emailChars: 254,
} as const;

/**
 * A stored name as tables and exports show it: at most the name limit, cut with an ellipsis. Accounts made before the
 * limit may hold far longer names (one 200,000-character name made a 200 kB gradebook row).
 */
export function boundedName(name: string): string {
  const chars = [...name];
  if (chars.length <= ACCOUNT_LIMITS.nameChars) return name;
  return `${chars.slice(0, ACCOUNT_LIMITS.nameChars - 1).join("")}…`;
}
