/*
 * Why an institution sign-in signed nobody in, as a code in the sign-in page's address (never the message itself, so
 * nobody can make Dockyard's page say what they wrote) and the words the page shows for it. Import-free.
 */

export const SIGN_IN_PROBLEMS = {
  "not-set-up": () =>
    "This institution is not set up for sign-in in Dockyard, or an admin has turned its sign-in off. Sign in with " +
    "your e-mail and password, or ask an admin.",
  unreachable: (name: string) =>
    `${name}'s sign-in service did not answer, so nobody was signed in. Try again in a few minutes, or sign in with ` +
    "your e-mail and password.",
  expired: () =>
    "That sign-in took longer than ten minutes or was already used, so nobody was signed in. Start it again.",
  "other-browser": () =>
    "That sign-in did not begin in this browser, so nobody was signed in: Dockyard finishes a sign-in only in the " +
    "browser that started it, so that no other site can sign you in to someone else's account. Start it again here.",
  declined: (name: string) =>
    `${name} did not sign you in (the sign-in was cancelled or refused there). Nobody was signed in. Try again, or ` +
    "sign in with your e-mail and password.",
  refused: (name: string) =>
    `${name}'s answer could not be verified, so nobody was signed in. Try again; if it keeps happening, tell an ` +
    "admin: the institution's set-up may be wrong.",
  unsigned: (name: string) =>
    `${name}'s answer was not signed with the key Dockyard has for ${name}, so nobody was signed in. If ${name} ` +
    "changed its signing certificate, an admin must paste its new metadata in Dockyard; otherwise tell an admin.",
  "transient-id": (name: string) =>
    `${name} did not say who you are in a way that stays the same from one sign-in to the next (it sent a ` +
    "one-time, transient name), so Dockyard cannot know which account is yours and nobody was signed in. An admin " +
    `of ${name} must release a persistent NameID or the subject-id attribute to Dockyard.`,
  "email-taken": (name: string) =>
    `A Dockyard account already uses the e-mail address ${name} gave, and ${name} does not vouch for that address ` +
    "in a way Dockyard can rely on, so it was not linked. If the account is yours, sign in with its e-mail and " +
    `password, then link ${name} on your account page (Account, /account). Nobody was signed in.`,
  "linked-elsewhere": (name: string) =>
    `That ${name} account is already linked to another Dockyard account, so it was not linked to this one. Sign in ` +
    `through ${name} to reach the other account.`,
  failed: (name: string) =>
    `Something went wrong on Dockyard's side while signing you in through ${name}. Nobody was signed in; try again ` +
    "in a minute.",
  "link-signed-out": (name: string) =>
    `Linking ${name} needs you signed in to the same Dockyard account that began it. Sign in and start again from ` +
    "your account page.",
} as const;

export type SignInProblem = keyof typeof SIGN_IN_PROBLEMS;

export function isSignInProblem(code: unknown): code is SignInProblem {
  return typeof code === "string" && Object.hasOwn(SIGN_IN_PROBLEMS, code);
}

/** A sign-in refused for a reason the person can read; `institutionId`, when known, names the institution. */
export class InstitutionSignInRefused extends Error {
  /** Refused while linking an identity to a signed-in account: the account page shows it. */
  forLink = false;

  constructor(
    readonly problem: SignInProblem,
    readonly institutionId?: string,
    detail?: string,
  ) {
    super(detail ? `${problem}: ${detail}` : problem);
    this.name = "InstitutionSignInRefused";
  }
}
