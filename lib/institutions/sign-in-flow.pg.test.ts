import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { throughProvider } from "../../test-support/oidc/provider-browser";
import { startTestProvider, type TestProvider } from "../../test-support/oidc/test-provider";
import type { CurrentUser } from "../auth/current-user";
import type { InstitutionSignInRefused } from "./sign-in-problems";

// The protocol end to end below the browser: Dockyard's relying party (openid-client) against a real, certified
// provider (oidc-provider), and the attacks on it: a replayed or foreign state, a code from a provider nobody set up.
const APP_URL = "http://localhost:3999";
const REDIRECT = `${APP_URL}/api/auth-institution/callback`;
let db: pg.Pool;
let drop: () => Promise<void>;
let uni: TestProvider;
let rogue: TestProvider;
let institutionId = "";
let start: typeof import("./sign-in-start");
let callback: typeof import("./callback");

const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const people = [
  { sub: "ann", name: "Ann Example", email: "ann@uni.example.edu", email_verified: true },
  { sub: "mallory", name: "Mallory", email: "victim@uni.example.edu", email_verified: false },
];

const always = () => true;
const nobody = async () => undefined;

async function problem(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "signed in",
    (err: InstitutionSignInRefused) => err.problem ?? String(err),
  );
}

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  const database = await createTestDatabase("institution_flow");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [uni, rogue] = await Promise.all([
    startTestProvider({ redirectUri: REDIRECT, people }),
    startTestProvider({ redirectUri: REDIRECT, people: [{ ...people[0]!, sub: "ann" }] }),
  ]);
  const store = await import("./institutions");
  [start, callback] = await Promise.all([import("./sign-in-start"), import("./callback")]);
  await insertUsers(db, [
    { id: admin.id, email: admin.email, role: "admin" },
    { id: "victim", email: "victim@uni.example.edu" },
  ]);
  const saved = await store.saveInstitution(admin, {
    name: "Example University",
    issuer: uni.issuer,
    clientId: uni.clientId,
    clientSecret: uni.clientSecret,
    emailDomains: ["uni.example.edu"],
    enabled: true,
  });
  institutionId = saved.id;
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect(), uni?.close(), rogue?.close()]);
  await drop?.();
});

describe("institution sign-in against a real OpenID provider", () => {
  it("signs a new person in through the provider, then the same account again", async () => {
    const first = await start.beginInstitutionSignIn({ institutionId, next: "/exercises" });
    expect(first.url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(first.url.searchParams.get("scope")).toBe("openid email profile");
    const back = await throughProvider(first.url, REDIRECT, { sub: "ann" });
    const signedIn = await callback.completeInstitutionSignIn(back, always, nobody);
    expect(signedIn.next).toBe("/exercises");
    const [account] = (await db.query(`SELECT email, "emailVerified" FROM "user" WHERE id = $1`, [signedIn.userId]))
      .rows;
    expect(account).toEqual({ email: "ann@uni.example.edu", emailVerified: true });

    const second = await start.beginInstitutionSignIn({ institutionId });
    const again = await callback.completeInstitutionSignIn(
      await throughProvider(second.url, REDIRECT, { sub: "ann" }),
      always,
      nobody,
    );
    expect(again.userId).toBe(signedIn.userId);
    // The provider's answer is good once: the same address again signs nobody in.
    expect(await problem(callback.completeInstitutionSignIn(back, always, nobody))).toBe("expired");
  });

  it("returns only to a path on this site, whatever the start's `next` said (issue 53)", async () => {
    const stored = async (next: string) => {
      const { url } = await start.beginInstitutionSignIn({ institutionId, next });
      const state = url.searchParams.get("state");
      return (await db.query(`SELECT next FROM institution_login WHERE state = $1`, [state])).rows[0]?.next;
    };
    // `/.//evil.example/landing` once came back as `303 Location: //evil.example/landing`.
    expect(await stored("/.//evil.example/landing")).toBe("/");
    expect(await stored("/\t/evil.example")).toBe("/");
    expect(await stored("/%2e%2e//evil.example")).toBe("/");
    expect(await stored("/%5C%5Cevil.example")).toBe("/%5C%5Cevil.example");
    expect(await stored("/exercises?tab=report")).toBe("/exercises?tab=report");

    const { url } = await start.beginInstitutionSignIn({ institutionId, next: "/.//evil.example/landing" });
    const done = await callback.completeInstitutionSignIn(
      await throughProvider(url, REDIRECT, { sub: "ann" }),
      always,
      nobody,
    );
    const { sameSiteLocation } = await import("../http/public-origin");
    // What the callback route writes as its Location, read as the browser reads it.
    expect(new URL(sameSiteLocation(done.next), `${APP_URL}/api/auth-institution/callback?x=1`).origin).toBe(APP_URL);
    expect(sameSiteLocation(done.next)).toBe(`${APP_URL}/`);
  });

  it("links an identity whose e-mail the provider does not vouch for to no account with that e-mail", async () => {
    const { url } = await start.beginInstitutionSignIn({ institutionId });
    const back = await throughProvider(url, REDIRECT, { sub: "mallory" });
    expect(await problem(callback.completeInstitutionSignIn(back, always, nobody))).toBe("email-taken");
    expect((await db.query(`SELECT 1 FROM institution_identity WHERE "userId" = 'victim'`)).rows).toEqual([]);
  });

  it("refuses a code from a provider nobody set up, even inside a sign-in begun here", async () => {
    const { url } = await start.beginInstitutionSignIn({ institutionId });
    // The same request, sent to the other provider instead: it answers with its own code for the same state.
    const swapped = new URL(url.pathname + url.search, rogue.issuer);
    const back = await throughProvider(swapped, REDIRECT, { sub: "ann" });
    expect(back.searchParams.get("iss")).toBe(rogue.issuer);
    const refused = await callback.completeInstitutionSignIn(back, always, nobody).catch((err: Error) => err);
    expect(refused).toMatchObject({ problem: "refused" });
    // openid-client's own check: the answer names an issuer that is not the one discovered for this institution.
    expect((refused as Error).message).toContain('"iss"');
    expect(await db.query(`SELECT 1 FROM institution_identity WHERE sub = 'ann'`).then((r) => r.rowCount)).toBe(1);
  });

  it("finishes a sign-in only in the browser that began it, and says so when the person cancels", async () => {
    const bound = await start.beginInstitutionSignIn({ institutionId });
    const back = await throughProvider(bound.url, REDIRECT, { sub: "ann" });
    expect(await problem(callback.completeInstitutionSignIn(back, () => false, nobody))).toBe("other-browser");

    const cancelled = await start.beginInstitutionSignIn({ institutionId });
    const declined = await throughProvider(cancelled.url, REDIRECT, { sub: "ann", cancel: true });
    expect(declined.searchParams.get("error")).toBe("access_denied");
    expect(await problem(callback.completeInstitutionSignIn(declined, always, nobody))).toBe("declined");
  });

  it("says the provider did not answer when it is down, and refuses an institution turned off", async () => {
    await db.query(`UPDATE institution SET issuer = 'http://127.0.0.1:9', "updatedAt" = now() WHERE id = $1`, [
      institutionId,
    ]);
    expect(await problem(start.beginInstitutionSignIn({ institutionId }))).toBe("unreachable");
    await db.query(`UPDATE institution SET enabled = false WHERE id = $1`, [institutionId]);
    expect(await problem(start.beginInstitutionSignIn({ institutionId }))).toBe("not-set-up");
    expect(await problem(start.beginInstitutionSignIn({ institutionId: "no-such-institution" }))).toBe("not-set-up");
  });
});
