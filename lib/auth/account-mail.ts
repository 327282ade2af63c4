import { letter, type Mail } from "../mail/send-mail";

/** The messages an account is sent, in the platform's words. Pure, for the tests. */

export function verificationMail(user: { name: string; email: string }, url: string): Mail {
  return letter(user.email, "Confirm your e-mail address for Dockyard", user.name, [
    "Open this link to confirm that this address is yours:",
    "",
    url,
    "",
    "The link works for 24 hours. Until the address is confirmed, no class can invite you by it.",
    "If you did not sign up for Dockyard, ignore this message: nothing happens without the link.",
  ]);
}

export function passwordResetMail(user: { name: string; email: string }, url: string): Mail {
  return letter(user.email, "Set a new Dockyard password", user.name, [
    "Someone asked to set a new password for the Dockyard account with this address. To do it, open:",
    "",
    url,
    "",
    "The link works for one hour and once. Setting a new password signs the account out everywhere else.",
    "If it was not you, ignore this message: your password stays as it is.",
  ]);
}

/** The reset link a sign-up sends when an account holds the address without having proven it (unproven-sign-up.ts). */
export function claimAddressMail(user: { name: string; email: string }, url: string): Mail {
  return letter(user.email, "Make the Dockyard account with this address yours", null, [
    `Someone signed up to Dockyard with this address, but a Dockyard account already uses it and nobody has`,
    "confirmed that the address is that account's. If the address is yours, open this link and set a password:",
    "",
    url,
    "",
    "The account then becomes yours: it is signed out everywhere, and any institution or LMS sign-in linked to it",
    "before is removed (a mail will name them). The link works for one hour and once.",
    "If you did not sign up, ignore this message: nothing changes without the link.",
  ]);
}
