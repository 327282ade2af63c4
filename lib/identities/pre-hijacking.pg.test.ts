import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { type ReceivedMail, startSmtpInbox } from "../../test-support/mail/smtp-inbox";
import { throughProvider } from "../../test-support/oidc/provider-browser";
import { startTestProvider, type TestProvider } from "../../test-support/oidc/test-provider";
import { rejection } from "../../test-support/rejection";
import type { InstitutionSignInRefused } from "../institutions/sign-in-problems";

// Account pre-hijacking (issue 53), replayed end to end: a real OpenID provider (oidc-provider) vouches or not for the
// addresses its people give, Dockyard's own better-auth answers sign-up, verification and reset, and a real SMTP server
// receives the mail, whose links are followed as the owner would.
const APP = "http://localhost:3998";
const REDIRECT = `${APP}/api/auth-institution/callback`;
let db: pg.Pool;
let drop: () => Promise<void>;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
let provider: TestProvider;
let institutionId = "";
let inbox: ReceivedMail[] = [];
const envBefore = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL };

const people = [
  // Each attacker gives an address that is someone else's; the provider does not vouch for it.
  { sub: "mallory", name: "Mallory", email: "owner@example.com", email_verified: false },
  { sub: "mallory2", name: "Mallory", email: "owner2@example.com", email_verified: false },
  { sub: "mallory3", name: "Mallory", email: "mallory3@example.net", email_verified: false },
  { sub: "mallory4", name: "Mallory", email: "mallory4@example.net", email_verified: false },
  { sub: "trent", name: "Trent", email: "trent@uni.example.edu", email_verified: true },
  { sub: "cleo", name: "Cleo", email: "cleo@uni.example.edu", email_verified: true },
  { sub: "entra", name: "Eve Ntra", email: "eve@uni.example.edu", email_verified: false },
];

beforeAll(async () => {
  const database = await createTestDatabase("pre_hijacking");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  smtp = await startSmtpInbox();
  inbox = smtp.inbox;
  process.env.SMTP_URL = smtp.url;
  process.env.APP_URL = APP;
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
  provider = await startTestProvider({ redirectUri: REDIRECT, people });
  const { prisma } = await import("../db/client");
  const made = await prisma().institution.create({
    data: {
      name: "Example University",
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      emailDomains: ["uni.example.edu"],
    },
  });
  institutionId = made.id;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(envBefore)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
  await smtp?.close();
  const { prisma } = await import("../db/client");
  const { pool } = await import("../db/pool");
  await Promise.all([prisma().$disconnect(), pool().end(), db?.end(), provider?.close()]);
  await drop?.();
});

async function auth(endpoint: string, body?: unknown, method = "POST", cookie?: string): Promise<Response> {
  const { auth } = await import("../auth/auth");
  return auth().handler(
    new Request(`${APP}/api/auth/${endpoint}`, {
      method,
      headers: { "content-type": "application/json", origin: APP, ...(cookie ? { cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

/** Signs `sub` in through the institution, as the callback route does, to the account it finds (or a refusal). */
async function institutionSignIn(sub: string, linkUserId?: string): Promise<string> {
  const start = await import("../institutions/sign-in-start");
  const callback = await import("../institutions/callback");
  const { url } = await start.beginInstitutionSignIn({ institutionId, linkUserId });
  const back = await throughProvider(url, REDIRECT, { sub });
  return callback
    .completeInstitutionSignIn(
      back,
      () => true,
      async () => linkUserId,
    )
    .then(
      (done) => done.userId,
      (err: InstitutionSignInRefused) => `refused: ${err.problem ?? String(err)}`,
    );
}

async function newestMail(to: string, subject: RegExp): Promise<{ text: string; link?: URL }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const message = inbox.filter((m) => m.to === to && subject.test(m.subject)).at(-1);
    if (message) {
      const text = message.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      const link = text.match(new RegExp(`${APP.replace(/[/.]/g, "\\$&")}/\\S+`))?.[0];
      return { text, link: link ? new URL(link) : undefined };
    }
    if (Date.now() > deadline) throw new Error(`no message "${subject}" reached ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function user(id: string) {
  const { rows } = await db.query(`SELECT email, "emailVerified", "unprovenEmail" FROM "user" WHERE id = $1`, [id]);
  return rows[0] as { email: string; emailVerified: boolean; unprovenEmail: string | null } | undefined;
}

const links = async (userId: string) =>
  (await db.query(`SELECT sub, "linkedHow", "addressProven" FROM institution_identity WHERE "userId" = $1`, [userId]))
    .rows;

describe("an address a provider does not vouch for never takes the address from its owner", () => {
  it("replays the issue's attack: the owner signs up, proves the address, and the attacker stays outside", async () => {
    const mallory = await institutionSignIn("mallory");
    // The attacker's account holds the address apart, unproven; its own address is one no mail reaches.
    expect(await user(mallory)).toEqual({
      email: expect.stringMatching(/@institution\.invalid$/),
      emailVerified: false,
      unprovenEmail: "owner@example.com",
    });
    // The owner's sign-up is not refused as USER_ALREADY_EXISTS: the address was never taken.
    const signedUp = await auth("sign-up/email", {
      name: "Owner",
      email: "owner@example.com",
      password: "owner pass 1",
    });
    expect(signedUp.status).toBe(200);
    const owner = ((await signedUp.json()) as { user: { id: string } }).user.id;
    expect(owner).not.toBe(mallory);
    const { link } = await newestMail("owner@example.com", /Confirm your e-mail/);
    expect((await auth(`verify-email${link!.search}`, undefined, "GET")).status).toBeLessThan(400);
    expect(await user(owner)).toMatchObject({ email: "owner@example.com", emailVerified: true });
    // The proof took the address from the attacker's unproven hold, and the attacker's sign-in opens only their own.
    expect((await user(mallory))?.unprovenEmail).toBeNull();
    expect(await institutionSignIn("mallory")).toBe(mallory);
    // "Forgot your password?" for the address reaches the owner's account, not the attacker's.
    await auth("request-password-reset", { email: "owner@example.com", redirectTo: "/reset-password" });
    const reset = await newestMail("owner@example.com", /new Dockyard password/);
    const token = reset.link!.pathname.split("/").at(-1)!;
    expect((await auth("reset-password", { newPassword: "owner pass 2", token })).status).toBe(200);
    expect(await links(owner)).toEqual([]);
  });

  it("an account made before this rule, holding the address unproven, linked: the owner's reset takes it", async () => {
    // As accounts made before the rule were: the provider's unvouched address as the account's own.
    await insertUsers(db, [{ id: "legacy", name: "Mallory", email: "owner2@example.com", verified: false }]);
    await db.query(
      `INSERT INTO institution_identity ("institutionId", issuer, sub, "userId", email, "linkedHow", "addressProven")
       VALUES ($1, $2, 'mallory2', 'legacy', 'owner2@example.com', 'new_account', false)`,
      [institutionId, provider.issuer],
    );
    expect(await institutionSignIn("mallory2")).toBe("legacy");
    await db.query(
      `INSERT INTO session (id, "expiresAt", token, "userId", "updatedAt")
       VALUES ('mallory-session', now() + interval '1 day', 'mallory-token', 'legacy', now())`,
    );
    // The owner's sign-up finds the address taken (it is the account's own); the owner recovers it by mail.
    await auth("request-password-reset", { email: "owner2@example.com", redirectTo: "/reset-password" });
    const reset = await newestMail("owner2@example.com", /new Dockyard password/);
    const token = reset.link!.pathname.split("/").at(-1)!;
    expect((await auth("reset-password", { newPassword: "owner2 pass", token })).status).toBe(200);

    expect(await user("legacy")).toMatchObject({ email: "owner2@example.com", emailVerified: true });
    expect(await links("legacy")).toEqual([]);
    expect((await db.query(`SELECT 1 FROM session WHERE "userId" = 'legacy'`)).rows).toEqual([]);
    const told = await newestMail("owner2@example.com", /Sign-ins removed/);
    expect(told.text).toContain("Example University");
    // The attacker's identity no longer opens the owner's account: their provider does not vouch for the address.
    expect(await institutionSignIn("mallory2")).toBe("refused: email-taken");
  });

  it("a sign-up with another's address links an institution: the owner's verification removes it", async () => {
    const signedUp = await auth("sign-up/email", {
      name: "Mallory",
      email: "owner3@example.com",
      password: "mallory pass",
    });
    const account = ((await signedUp.json()) as { user: { id: string } }).user.id;
    expect(await institutionSignIn("mallory3", account)).toBe(account);
    expect(await links(account)).toEqual([{ sub: "mallory3", linkedHow: "account_page", addressProven: false }]);
    // No mail announces it: the account has no proven address to tell.
    expect(inbox.some((m) => m.to === "owner3@example.com" && /new way to sign in/.test(m.subject))).toBe(false);

    // The owner opens the verification link the attacker's sign-up sent them.
    const { link } = await newestMail("owner3@example.com", /Confirm your e-mail/);
    expect((await auth(`verify-email${link!.search}`, undefined, "GET")).status).toBeLessThan(400);
    expect(await links(account)).toEqual([]);
    expect((await newestMail("owner3@example.com", /Sign-ins removed/)).text).toContain("mallory3@example.net");
    expect(await institutionSignIn("mallory3")).not.toBe(account);
  });
});

describe("the owner's sign-up takes an address another account holds unproven", () => {
  it("mails the owner a link to set the password; the account becomes theirs, the squatter's ways in go", async () => {
    const squatted = await auth("sign-up/email", {
      name: "Mallory",
      email: "owner4@example.com",
      password: "mallory pass",
    });
    const account = ((await squatted.json()) as { user: { id: string } }).user.id;
    expect(await institutionSignIn("mallory4", account)).toBe(account);

    // Not "already exists", a dead end: the answer says what happens, and the mailbox gets the way to take it.
    const owner = await auth("sign-up/email", { name: "Owner", email: "Owner4@example.com", password: "owner pass 4" });
    expect(owner.status).toBe(409);
    const said = (await owner.json()) as { code: string; message: string };
    expect(said.code).toBe("ADDRESS_NOT_PROVEN");
    expect(said.message).toContain("open the link just mailed to it");
    const claim = await newestMail("owner4@example.com", /Make the Dockyard account with this address yours/);
    // A second sign-up within the minute mails nothing more.
    await auth("sign-up/email", { name: "Owner", email: "owner4@example.com", password: "owner pass 4" });
    expect(inbox.filter((m) => m.to === "owner4@example.com" && /Make the Dockyard/.test(m.subject))).toHaveLength(1);

    const token = claim.link!.pathname.split("/").at(-1)!;
    expect((await auth("reset-password", { newPassword: "owner pass 4", token })).status).toBe(200);
    expect(await user(account)).toMatchObject({ email: "owner4@example.com", emailVerified: true });
    expect(await links(account)).toEqual([]);
    expect((await auth("sign-in/email", { email: "owner4@example.com", password: "mallory pass" })).status).toBe(401);
    expect((await auth("sign-in/email", { email: "owner4@example.com", password: "owner pass 4" })).status).toBe(200);
    expect(await institutionSignIn("mallory4")).not.toBe(account);
    // Once proven, a sign-up with the address meets better-auth's plain answer: it is taken.
    expect(
      (await auth("sign-up/email", { name: "X", email: "owner4@example.com", password: "x password" })).status,
    ).toBe(422);
  });
});

describe("every link is recorded and announced to a proven address", () => {
  it("a provider that vouches for a proven address links with a mail to it; an account-page link too", async () => {
    await insertUsers(db, [
      { id: "trent", email: "trent@uni.example.edu" },
      { id: "cleo", email: "cleo@example.test" },
    ]);
    expect(await institutionSignIn("trent")).toBe("trent");
    expect(await links("trent")).toEqual([{ sub: "trent", linkedHow: "proven_address", addressProven: true }]);
    expect((await newestMail("trent@uni.example.edu", /new way to sign in/)).text).toContain("Example University");

    expect(await institutionSignIn("cleo", "cleo")).toBe("cleo");
    expect(await links("cleo")).toEqual([{ sub: "cleo", linkedHow: "account_page", addressProven: true }]);
    expect((await newestMail("cleo@example.test", /new way to sign in/)).text).toContain("cleo@uni.example.edu");

    const { linkedIdentities } = await import("./linked-identities");
    expect(await linkedIdentities("cleo")).toEqual([
      expect.objectContaining({ kind: "institution", name: "Example University", linkedHow: "account_page" }),
    ]);
  });
});

describe("the holder confirms the address its provider gave", () => {
  it("mails a link to the unproven address; the signed-in holder opens it: the account's, links kept", async () => {
    const proof = await import("./address-proof");
    const eve = await institutionSignIn("entra");
    expect(await user(eve)).toMatchObject({ emailVerified: false, unprovenEmail: "eve@uni.example.edu" });
    // A second holder of the same unproven address (another provider account) loses it once Eve proves it.
    await insertUsers(db, [{ id: "other-holder", email: "lti-x@lti.invalid", verified: false }]);
    await db.query(`UPDATE "user" SET "unprovenEmail" = 'eve@uni.example.edu' WHERE id = 'other-holder'`);

    expect(await proof.sendAddressConfirmation(eve)).toEqual({ sentTo: "eve@uni.example.edu" });
    expect((await rejection(proof.sendAddressConfirmation(eve))).code).toBe("RATE_LIMITED");
    const { link } = await newestMail("eve@uni.example.edu", /Confirm your e-mail/);
    expect(link!.pathname).toBe("/account/confirm-address");
    const token = link!.searchParams.get("token")!;
    // Only the account that asked can use it, and a made-up token is nothing.
    expect((await rejection(proof.confirmAddress("other-holder", token))).code).toBe("NOT_FOUND");
    expect((await rejection(proof.confirmAddress(eve, `${token}x`))).code).toBe("NOT_FOUND");

    expect(await proof.confirmAddress(eve, token)).toEqual({ email: "eve@uni.example.edu" });
    expect(await user(eve)).toEqual({ email: "eve@uni.example.edu", emailVerified: true, unprovenEmail: null });
    expect(await links(eve)).toEqual([{ sub: "entra", linkedHow: "new_account", addressProven: true }]);
    expect((await user("other-holder"))?.unprovenEmail).toBeNull();
    expect((await rejection(proof.confirmAddress(eve, token))).code).toBe("NOT_FOUND");
    // A later reset by the owner keeps the institution: it was linked by the mailbox's owner.
    await auth("request-password-reset", { email: "eve@uni.example.edu", redirectTo: "/reset-password" });
    const reset = await newestMail("eve@uni.example.edu", /new Dockyard password/);
    const resetToken = reset.link!.pathname.split("/").at(-1)!;
    expect((await auth("reset-password", { newPassword: "eve password", token: resetToken })).status).toBe(200);
    expect(await links(eve)).toHaveLength(1);
  });

  it("refuses to move an address another account already uses, saying how to reach that account", async () => {
    const proof = await import("./address-proof");
    await insertUsers(db, [
      { id: "holder", email: "lti-y@lti.invalid", verified: false },
      { id: "taken", email: "taken@example.org", verified: false },
    ]);
    await db.query(`UPDATE "user" SET "unprovenEmail" = 'taken@example.org' WHERE id = 'holder'`);
    await proof.sendAddressConfirmation("holder");
    const { link } = await newestMail("taken@example.org", /Confirm your e-mail/);
    const refused = await rejection(proof.confirmAddress("holder", link!.searchParams.get("token")!));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Forgot your password?") });
    expect(await user("holder")).toMatchObject({ email: "lti-y@lti.invalid", unprovenEmail: "taken@example.org" });
  });
});
