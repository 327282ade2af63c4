import type { Mail } from "../mail/send-mail";

/** The messages an account is sent, in the platform's words. Pure, for the tests. */

export function verificationMail(user: { name: string; email: string }, url: string): Mail {
  return {
    to: user.email,
    subject: "Confirm your e-mail address for Dockyard",
    text: [
      `Hello ${user.name},`,
      "",
      "Open this link to confirm that this address is yours:",
      "",
      url,
      "",
      "The link works for 24 hours. Until the address is confirmed, no class can invite you by it.",
      "If you did not sign up for Dockyard, ignore this message: nothing happens without the link.",
    ].join("\n"),
  };
}

export function passwordResetMail(user: { name: string; email: string }, url: string): Mail {
  return {
    to: user.email,
    subject: "Set a new Dockyard password",
    text: [
      `Hello ${user.name},`,
      "",
      "Someone asked to set a new password for the Dockyard account with this address. To do it, open:",
      "",
      url,
      "",
      "The link works for one hour and once. Setting a new password signs the account out everywhere else.",
      "If it was not you, ignore this message: your password stays as it is.",
    ].join("\n"),
  };
}
