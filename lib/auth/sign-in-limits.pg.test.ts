import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";

// Who is limited, and how: a lecture hall behind one address gets in; guessing one account's password does not.
const APP = "http://localhost:3000";
const HALL = "203.0.113.7";
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
  await prisma().$disconnect();
  await drop?.();
});

async function post(endpoint: string, body: unknown, from = HALL): Promise<Response> {
  const { auth } = await import("./auth");
  return auth().handler(
    new Request(`${APP}/api/auth/${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": from },
      body: JSON.stringify(body),
    }),
  );
}

describe("sign-in limits", () => {
  it("let a lecture hall behind one address sign up and in, one after another, without a refusal", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const email = `hall-${i}@example.test`;
      statuses.push(
        (await post("sign-up/email", { name: `Learner ${i}`, email, password: "lecture password" })).status,
      );
      statuses.push((await post("sign-in/email", { email, password: "lecture password" })).status);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it("stop guessing at one account after five failures, right password or not; others go on", async () => {
    const guess = (password: string, email = "hall-0@example.test") => post("sign-in/email", { email, password });
    const failed: number[] = [];
    for (let i = 0; i < 5; i++) failed.push((await guess(`guess ${i}`)).status);
    expect(failed).toEqual([401, 401, 401, 401, 401]);
    const refused = await guess("lecture password");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(800);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe("ACCOUNT_THROTTLED");
    expect(body.message).toMatch(/^Too many failed sign-ins to this account\. .* in 15 minutes\./);
    // From another address too: the limit is the account's.
    expect((await post("sign-in/email", { email: "hall-0@example.test", password: "x" }, "198.51.100.1")).status).toBe(
      429,
    );
    // Another account, from the same address, is not held up.
    expect((await guess("lecture password", "hall-1@example.test")).status).toBe(200);
  });

  it("let a throttled account back in at once with a password set through the mailed link", async () => {
    const email = "hall-0@example.test";
    expect((await post("sign-in/email", { email, password: "lecture password" })).status).toBe(429);
    expect((await post("request-password-reset", { email, redirectTo: "/reset-password" })).status).toBe(200);
    const { prisma } = await import("../db/client");
    const sent = await prisma().verification.findFirstOrThrow({
      where: { identifier: { startsWith: "reset-password:" } },
      orderBy: { createdAt: "desc" },
    });
    const token = sent.identifier.slice("reset-password:".length);
    expect((await post("reset-password", { token, newPassword: "a new lecture password" })).status).toBe(200);
    expect((await post("sign-in/email", { email, password: "a new lecture password" })).status).toBe(200);
  });

  it("forget an account's failures once a sign-in works", async () => {
    const email = "hall-2@example.test";
    for (let i = 0; i < 4; i++) expect((await post("sign-in/email", { email, password: `no ${i}` })).status).toBe(401);
    expect((await post("sign-in/email", { email, password: "lecture password" })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await post("sign-in/email", { email, password: `no ${i}` })).status).toBe(401);
    expect((await post("sign-in/email", { email, password: "lecture password" })).status).toBe(200);
  });
});
