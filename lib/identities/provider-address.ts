import { createHash } from "node:crypto";
import type { User } from "../generated/prisma/client";

/**
 * Where a provider's e-mail goes in the account its first sign-in makes (institution or LMS). It is the account's own
 * (`user.email`, the key of password sign-in, reset and verification) only when the provider vouches for it; otherwise
 * it is kept apart, unproven, and the account gets an address under .invalid, which no mail reaches. An account holding
 * an address it never proved would take it from its real owner (account pre-hijacking); kept apart, it blocks nobody,
 * and the holder can confirm it by mail (address-proof.ts).
 */
export type NewAccountAddress = Pick<User, "email" | "emailVerified" | "unprovenEmail">;

/**
 * `given`: the provider's address, already normalised (lower case) and checked usable, if any. `own`: the kind of
 * provider, the institution's or LMS's id and the person's `sub` there, named in the account's own address.
 */
export function newAccountAddress(
  given: string | undefined,
  vouched: boolean,
  own: { kind: "institution" | "lti"; of: string; sub: string },
): NewAccountAddress {
  if (given && vouched) return { email: given, emailVerified: true, unprovenEmail: null };
  const digest = createHash("sha256").update(`${own.of}\n${own.sub}`).digest("hex").slice(0, 24);
  return { email: `${own.kind}-${digest}@${own.kind}.invalid`, emailVerified: false, unprovenEmail: given ?? null };
}

/** Whether an account's e-mail is one of the addresses of its own that no mail reaches (`…@….invalid`). */
export function isOwnAddress(email: string): boolean {
  return email.toLowerCase().endsWith(".invalid");
}
