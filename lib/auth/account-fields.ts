import { z } from "zod";
import { hasControlCharacter } from "../http/unicode-text";
import { ACCOUNT_LIMITS, boundedName } from "./account-limits";

/*
 * What an account's name and e-mail address may be, wherever they are set: the sign-up form (in the browser, loaded
 * on submit, for a message before sending), the auth server (lib/auth/auth.ts, the rule that holds) and create-admin.
 */

export const accountNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .max(ACCOUNT_LIMITS.nameChars, `A name can be at most ${ACCOUNT_LIMITS.nameChars} characters long.`)
  .refine((name) => !hasControlCharacter(name), "A name cannot contain control characters such as tabs or line breaks.")
  .refine((name) => name.isWellFormed(), "A name must be valid Unicode text; type it again.");

export const accountEmailSchema = z
  .string()
  .trim()
  .max(
    ACCOUNT_LIMITS.emailChars,
    `An e-mail address can be at most ${ACCOUNT_LIMITS.emailChars} characters long (RFC 5321).`,
  )
  .pipe(z.email("Enter a valid e-mail address, like name@example.com."));

/** A provider's e-mail, trimmed and lower case, when it is a usable address. */
export function usableEmail(email: string | undefined): string | undefined {
  return accountEmailSchema.safeParse(email?.trim().toLowerCase()).data;
}

/** The first thing wrong with a name or e-mail about to be stored, as a sentence for the person; undefined if none. */
export function accountFieldProblem(fields: { name?: unknown; email?: unknown; image?: unknown }): string | undefined {
  // better-auth takes a picture address at sign-up and update; nothing shows one, so none is stored.
  if (fields.image !== undefined && fields.image !== null)
    return "Dockyard keeps no profile pictures: leave image out.";
  const problem = (schema: z.ZodType, value: unknown) =>
    value === undefined ? undefined : schema.safeParse(value).error?.issues[0]?.message;
  return problem(accountNameSchema, fields.name) ?? problem(accountEmailSchema, fields.email);
}

/**
 * The account name an identity provider's claims give (an LMS's or an institution's): the full name, else the given
 * and family names, cut to the limit; `fallback` when neither makes a valid name.
 */
export function nameFromClaims(
  claims: { name?: string; givenName?: string; familyName?: string },
  fallback: string,
): string {
  const full = claims.name?.trim() || [claims.givenName, claims.familyName].filter(Boolean).join(" ").trim();
  return accountNameSchema.safeParse(boundedName(full)).data ?? boundedName(fallback);
}
