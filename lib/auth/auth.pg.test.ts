import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";

let drop: () => Promise<void>;
const appUrlBefore = process.env.APP_URL;

beforeAll(async () => {
  const database = await createTestDatabase("auth_cookies");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
});

afterEach(() => {
  if (appUrlBefore === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrlBefore;
});

afterAll(async () => {
  forgetAuth();
  const { prisma } = await import("../db/client");
  await prisma().$disconnect();
  await drop?.();
});

/** auth() is made once per process from the settings; these tests need one per public URL. */
function forgetAuth() {
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
}

/** A sign-up through better-auth's own HTTP handler, as the browser's form sends it, on a platform at `appUrl`. */
async function signUp(appUrl: string, email: string): Promise<{ status: number; cookies: string[] }> {
  process.env.APP_URL = appUrl;
  forgetAuth();
  const { auth } = await import("./auth");
  const response = await auth().handler(
    new Request(`${appUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(appUrl).origin },
      body: JSON.stringify({ name: "Cora Cookie", email, password: "correct horse battery" }),
    }),
  );
  return { status: response.status, cookies: response.headers.getSetCookie() };
}

const attributes = (cookie: string) =>
  cookie
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());

describe("session cookies", () => {
  it("carry Secure (and the __Secure- prefix) when the public URL is https", async () => {
    const { status, cookies } = await signUp("https://dockyard.example.org", "cora-https@example.test");
    expect(status).toBe(200);
    const session = cookies.find((c) => c.startsWith("__Secure-better-auth.session_token="));
    expect(session, cookies.join("\n")).toBeDefined();
    expect(attributes(session!)).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
    for (const cookie of cookies) expect(attributes(cookie), cookie).toContain("secure");
  });

  it("carry no Secure over plain http, where a browser would drop such a cookie", async () => {
    const { status, cookies } = await signUp("http://localhost:3000", "cora-http@example.test");
    expect(status).toBe(200);
    const session = cookies.find((c) => c.startsWith("better-auth.session_token="));
    expect(session, cookies.join("\n")).toBeDefined();
    for (const cookie of cookies) expect(attributes(cookie), cookie).not.toContain("secure");
  });
});
