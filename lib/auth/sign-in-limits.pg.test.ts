import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";

// Who is held up, and who never is: through better-auth's own handler, with its hooks, cookies and database. A
// stranger's guesses slow strangers; the owner's browser that signed in before always gets in; an address guessing
// at many accounts waits; a lecture hall behind one address with a few typos does not.
const APP = "http://localhost:3000";
const PASSWORD = "lecture password";
let drop: () => Promise<void>;
const appUrlBefore = process.env.APP_URL;

beforeAll(async () => {
  const database = await createTestDatabase("sign_in_limits");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  process.env.APP_URL = APP;
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
});

afterAll(async () => {
  if (appUrlBefore === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrlBefore;
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
  const { prisma } = await import("../db/client");
  const { pool } = await import("../db/pool");
  await Promise.all([prisma().$disconnect(), pool().end()]);
  await drop?.();
});

/** A browser: its address and the cookies it keeps (Set-Cookie applied, Max-Age=0 removing one). */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly address: string) {}

  async post(endpoint: string, body: unknown): Promise<Response> {
    const { auth } = await import("./auth");
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await auth().handler(
      new Request(`${APP}/api/auth/${endpoint}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: APP,
          "x-forwarded-for": this.address,
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (attributes.some((a) => a.trim().toLowerCase() === "max-age=0")) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
    return response;
  }

  signIn(email: string, password = PASSWORD): Promise<Response> {
    return this.post("sign-in/email", { email, password });
  }

  deviceCookies(): string[] {
    return [...this.cookies.keys()].filter((name) => name.startsWith("dockyard.device."));
  }
}

async function signUp(email: string): Promise<void> {
  const response = await new Browser("192.0.2.250").post("sign-up/email", {
    name: "Someone",
    email,
    password: PASSWORD,
  });
  expect(response.status).toBe(200);
}

async function statusesOf(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((r) => r.status);
}

describe("password guessing", () => {
  it("leaves the owner's known browser signing in at once after a stranger's 50 wrong guesses", async () => {
    const admin = "first-admin@example.test";
    await signUp(admin);
    const laptop = new Browser("203.0.113.10");
    expect((await laptop.signIn(admin)).status).toBe(200);
    expect(laptop.deviceCookies()).toHaveLength(1);

    const stranger = new Browser("198.51.100.66");
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await stranger.signIn(admin, `guess ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    // The stranger waits even with the right password, or the wait would stop nobody.
    const refused = await stranger.signIn(admin);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("x-retry-after")).toBe(refused.headers.get("retry-after"));
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe("ACCOUNT_THROTTLED");
    expect(body.message).toMatch(/^Too many wrong passwords were tried for this account .* try again in \d+ seconds\./);
    expect(body.message).toContain("A browser you have signed in to this account from before is not held up");
    expect(body.message).toContain('"Forgot your password?"');

    // The owner's browser: at once, with the right password, from its own address or from the stranger's.
    expect((await laptop.signIn(admin)).status).toBe(200);
    const sameNetwork = new Browser(stranger.address);
    for (const [name, value] of laptop.cookies) sameNetwork.cookies.set(name, value);
    expect((await sameNetwork.signIn(admin)).status).toBe(200);
  });

  it("sets the device cookie HttpOnly, SameSite=Lax, site-wide, one per account in a shared browser", async () => {
    const [ada, grace] = ["ada@example.test", "grace@example.test"];
    await signUp(ada);
    await signUp(grace);
    const shared = new Browser("203.0.113.20");
    const first = await shared.signIn(ada);
    const set = first.headers.getSetCookie().find((line) => line.startsWith("dockyard.device."));
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; SameSite=Lax/i);
    expect(set).toMatch(/; Path=\//i);
    expect(set).not.toMatch(/; Secure/i); // APP_URL is http here; servedOverHttps decides
    expect((await shared.signIn(grace)).status).toBe(200);
    expect(shared.deviceCookies()).toHaveLength(2);

    // Strangers guess at both; the shared browser still gets into each.
    const stranger = new Browser("198.51.100.67");
    for (const email of [ada, grace]) for (let i = 0; i < 6; i++) await stranger.signIn(email, `guess ${i}`);
    expect((await stranger.signIn(ada)).status).toBe(429);
    expect(await statusesOf([shared.signIn(ada), shared.signIn(grace)])).toEqual([200, 200]);

    // A cookie forged, or copied from another account's, is no device cookie.
    const forged = new Browser("203.0.113.21");
    const [adaCookie, graceCookie] = shared.deviceCookies();
    forged.cookies.set(adaCookie!, shared.cookies.get(graceCookie!)!);
    expect((await forged.signIn(ada)).status).toBe(429);
  });

  it("slows an untrusted browser, right password or not, and lets it in once the wait is over", async () => {
    const email = "slowed@example.test";
    await signUp(email);
    const browser = new Browser("203.0.113.30");
    expect(await statusesOf([0, 1, 2, 3, 4].map((i) => browser.signIn(email, `no ${i}`)))).toEqual([
      401, 401, 401, 401, 401,
    ]);
    const refused = await browser.signIn(email);
    expect(refused.status).toBe(429);
    // 30 s from the fifth failure (the clock moved on a little since).
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(20);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(30);

    // The same account's clock, moved on: each further failure doubles the wait, up to 15 minutes.
    const { judgeSignIn, recordSignInFailure } = await import("./sign-in-throttle");
    const attempt = { email: "clock@example.test", address: "203.0.113.31" };
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await recordSignInFailure(attempt, false, t0);
    expect((await judgeSignIn(attempt, t0)).refusal).toEqual({ limit: "account", seconds: 30 });
    const waits: number[] = [];
    let now = t0;
    for (let i = 0; i < 7; i++) {
      const { refusal } = await judgeSignIn(attempt, now);
      waits.push(refusal!.seconds);
      now += refusal!.seconds * 1000;
      expect((await judgeSignIn(attempt, now)).refusal).toBeUndefined();
      await recordSignInFailure(attempt, false, now);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    // An hour without a failure: the count is forgotten.
    expect((await judgeSignIn(attempt, now + 60 * 60 * 1000)).refusal).toBeUndefined();

    // Twelve untrusted failures: the account is on the admins' list of accounts being guessed at.
    const { signInGuessing } = await import("./sign-in-guessing");
    const guessed = (await signInGuessing()).accounts.find((a) => a.subject === "clock@example.test");
    expect(guessed).toMatchObject({ failures: 12, firstFailedAt: new Date(t0) });
  });

  it("stops trusting a device cookie after its own ten wrong passwords, not the owner's other browser", async () => {
    const email = "stolen-laptop@example.test";
    await signUp(email);
    const [laptop, phone] = [new Browser("203.0.113.40"), new Browser("203.0.113.41")];
    expect(await statusesOf([laptop.signIn(email), phone.signIn(email)])).toEqual([200, 200]);
    const thief = new Browser("198.51.100.40");
    for (const [name, value] of laptop.cookies) thief.cookies.set(name, value);

    const trusted: number[] = [];
    for (let i = 0; i < 10; i++) trusted.push((await thief.signIn(email, `guess ${i}`)).status);
    expect(trusted).toEqual(Array(10).fill(401));
    // Distrusted now: its guesses count against the account like any stranger's, and it waits.
    const untrusted: number[] = [];
    for (let i = 0; i < 6; i++) untrusted.push((await thief.signIn(email, `more ${i}`)).status);
    expect(untrusted).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await thief.signIn(email)).status).toBe(429);
    expect((await phone.signIn(email)).status).toBe(200);
  });

  it("stops one address guessing at many accounts, while other addresses and trusted browsers go on", async () => {
    const owner = "stuffed@example.test";
    await signUp(owner);
    const known = new Browser("192.0.2.77");
    expect((await known.signIn(owner)).status).toBe(200);

    const stuffer = new Browser("192.0.2.77");
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await stuffer.signIn(`victim-${i}@example.test`, "123456")).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(new Set(statuses.slice(30))).toEqual(new Set([429]));
    const refused = await stuffer.signIn(owner);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe("ADDRESS_THROTTLED");

    expect((await new Browser("192.0.2.78").signIn("victim-0@example.test", "123456")).status).toBe(401);
    expect((await known.signIn(owner)).status).toBe(200);

    const { signInGuessing } = await import("./sign-in-guessing");
    const guessing = await signInGuessing();
    expect(guessing.addresses.map((a) => [a.subject, a.failures])).toContainEqual(["192.0.2.77", 30]);
  });

  // The rules' side of a lecture hall, without hashing 200 passwords: every sign-in of the hall is judged and counted
  // exactly as the hooks do it. bench/lecture-hall.ts does the same through the real server (README there).
  it("lets 200 learners behind one address sign in, a few after a typo, without a refusal", async () => {
    const throttle = await import("./sign-in-throttle");
    const hall = "203.0.113.200";
    const refusals: string[] = [];
    for (let i = 0; i < 200; i++) {
      const attempt = { email: `hall-${i}@example.test`, address: hall };
      // Every tenth learner mistypes twice first: 40 wrong passwords from the hall's one address in all.
      for (let typo = 0; typo < (i % 10 === 0 ? 2 : 0); typo++) {
        if ((await throttle.judgeSignIn(attempt)).refusal) refusals.push(`${attempt.email} typo ${typo}`);
        await throttle.recordSignInFailure(attempt, false);
      }
      const verdict = await throttle.judgeSignIn(attempt);
      if (verdict.refusal) refusals.push(`${attempt.email}: ${verdict.refusal.limit}`);
      await throttle.recordSignInSuccess(attempt, false);
    }
    expect(refusals).toEqual([]);
  });

  it("lets a slowed account in at once with a password set through the mailed link", async () => {
    const email = "reset-after-guessing@example.test";
    await signUp(email);
    const browser = new Browser("203.0.113.50");
    for (let i = 0; i < 5; i++) await browser.signIn(email, `no ${i}`);
    expect((await browser.signIn(email)).status).toBe(429);
    expect((await browser.post("request-password-reset", { email, redirectTo: "/reset-password" })).status).toBe(200);
    const { prisma } = await import("../db/client");
    const sent = await prisma().verification.findFirstOrThrow({
      where: { identifier: { startsWith: "reset-password:" } },
      orderBy: { createdAt: "desc" },
    });
    const token = sent.identifier.slice("reset-password:".length);
    expect((await browser.post("reset-password", { token, newPassword: "a new lecture password" })).status).toBe(200);
    expect((await browser.signIn(email, "a new lecture password")).status).toBe(200);
  });

  it("forgets an account's failures once an untrusted sign-in works", async () => {
    const email = "typos-forgiven@example.test";
    await signUp(email);
    for (let round = 0; round < 2; round++) {
      const browser = new Browser(`203.0.113.6${round}`);
      for (let i = 0; i < 4; i++) expect((await browser.signIn(email, `no ${i}`)).status).toBe(401);
      expect((await browser.signIn(email)).status).toBe(200);
    }
  });
});
