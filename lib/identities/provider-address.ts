import { createHash } from "node:crypto";

/**
 * Where a provider's word about a person's e-mail goes in the account its first sign-in makes (an institution's
 * OpenID Connect or SAML sign-in, an LMS launch). An address is the account's own (`user.email`, the key of password
 * sign-in, reset and verification) only when the provider vouches for it; otherwise the account keeps it apart, as
 * unproven, and gets an address of its own under .invalid, which no mail reaches.
 *
 * Why: an account holding an address it never proved takes it from its real owner. Their sign-up is refused, and
 * their "Forgot your password?" hands them the account that someone else's identity still signs in to (account
 * pre-hijacking). Kept apart, the address blocks nobody: the owner signs up as if it were free, and the account that
 * holds it unproven can confirm it by mail (address-proof.ts) like any other.
 */
export interface NewAccountAddress {
  email: string;
  emailVerified: boolean;
  unprovenEmail: string | null;
}

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
