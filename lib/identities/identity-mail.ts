import { letter, type Mail } from "../mail/send-mail";

/** The messages about an account's identities and address, in the platform's words. Pure, for the tests. */

/** An institution or LMS by its name ("Canvas at Example"), with the address it gave for the person, if any. */
export type IdentityLabel = { name: string; kind: "institution" | "lms"; email: string | null };

const describe = (i: IdentityLabel) =>
  `${i.kind === "institution" ? "institution sign-in" : "LMS"} ${i.name}${i.email ? ` (as ${i.email})` : ""}`;

export const HOW_LINKED = {
  new_account: "its first sign-in made this account",
  proven_address: "it vouched for the address this account had already proven",
  account_page: "it was linked from the account page while signed in",
} as const;

export function identityLinkedMail(
  user: { name: string; email: string },
  identity: IdentityLabel,
  how: keyof typeof HOW_LINKED,
  accountUrl: string,
): Mail {
  return letter(user.email, "A new way to sign in to your Dockyard account", user.name, [
    `Your Dockyard account can now be signed in to through ${describe(identity)}: ${HOW_LINKED[how]}.`,
    "",
    "If that was you, there is nothing to do. If it was not, sign in, open your account page and unlink it, then",
    "set a new password (Forgot your password? on the sign-in page):",
    "",
    accountUrl,
  ]);
}

export function identitiesUnlinkedMail(
  user: { name: string; email: string },
  unlinked: IdentityLabel[],
  accountUrl: string,
): Mail {
  return letter(user.email, "Sign-ins removed from your Dockyard account", user.name, [
    `You have just proven that ${user.email} is yours. These ways to sign in were linked to the account before`,
    "anyone had proven the address, so nobody can tell whether they were yours, and they have been removed:",
    "",
    ...unlinked.map((i) => `- ${describe(i)}`),
    "",
    "Everyone signed in to the account was signed out. If one of them is yours, sign in and link it again from",
    "your account page:",
    "",
    accountUrl,
  ]);
}

export function confirmAddressMail(user: { name: string }, email: string, signsInThrough: string[], url: string): Mail {
  const through = signsInThrough.length > 0 ? ` (it signs in through ${signsInThrough.join(", ")})` : "";
  return letter(email, "Confirm your e-mail address for Dockyard", user.name, [
    `A Dockyard account${through} asked to use ${email} as its address. If that account is yours, open this link`,
    "in the browser where you are signed in to it, and confirm:",
    "",
    url,
    "",
    "The link works for 24 hours and once. If you did not ask for this, ignore this message: nothing changes",
    "without the link, and nobody else gets your address.",
  ]);
}
