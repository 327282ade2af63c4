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
async function signUp(appUrl: string, email: string, name = "Cora Cookie") {
  process.env.APP_URL = appUrl;
  forgetAuth();
  const response = await authPost(appUrl, "sign-up/email", { name, email, password: "correct horse battery" });
  return { status: response.status, cookies: response.headers.getSetCookie(), response };
}

async function authPost(appUrl: string, endpoint: string, body: unknown, cookie?: string): Promise<Response> {
  const { auth } = await import("./auth");
  return auth().handler(
    new Request(`${appUrl}/api/auth/${endpoint}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: new URL(appUrl).origin,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
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

describe("account limits (lib/auth/account-limits.ts) on the auth server", () => {
  const appUrl = "http://localhost:3000";

  async function refusal(response: Response): Promise<{ status: number; message: string }> {
    return { status: response.status, message: ((await response.json()) as { message: string }).message };
  }

  it("refuses an overlong or broken name and an overlong e-mail at sign-up, saying which limit", async () => {
    const long = await signUp(appUrl, "cora-long@example.test", "n".repeat(200_000));
    expect(await refusal(long.response)).toEqual({
      status: 400,
      message: "A name can be at most 100 characters long.",
    });
    const control = await signUp(appUrl, "cora-tab@example.test", "Cora\u0000Cookie");
    expect(await refusal(control.response)).toEqual({
      status: 400,
      message: "A name cannot contain control characters such as tabs or line breaks.",
    });
    const email = `${"c".repeat(320)}@example.test`;
    expect(await refusal((await signUp(appUrl, email)).response)).toEqual({
      status: 400,
      message: "An e-mail address can be at most 254 characters long (RFC 5321).",
    });
    const { prisma } = await import("../db/client");
    const stored = await prisma().user.count({
      where: { email: { in: ["cora-long@example.test", "cora-tab@example.test", email] } },
    });
    expect(stored).toBe(0);
  });

  it("stores a name within the limit trimmed, and holds the limit when the name changes later", async () => {
    const { status, cookies } = await signUp(appUrl, "cora-trim@example.test", `  ${"n".repeat(100)}  `);
    expect(status).toBe(200);
    const { prisma } = await import("../db/client");
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "cora-trim@example.test" } });
    expect(user.name).toBe("n".repeat(100));
    const cookie = cookies.map((c) => c.split(";")[0]).join("; ");
    const rename = await authPost(appUrl, "update-user", { name: "m".repeat(101) }, cookie);
    expect(await refusal(rename)).toEqual({ status: 400, message: "A name can be at most 100 characters long." });
    const picture = await authPost(appUrl, "update-user", { image: "\u0000" }, cookie);
    expect(picture.status).toBe(400);
    const ok = await authPost(appUrl, "update-user", { name: " Cora Renamed " }, cookie);
    expect(ok.status).toBe(200);
    expect((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Cora Renamed");
  });
});
