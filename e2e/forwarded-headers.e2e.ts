import { type APIRequestContext, request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * The production web server believes X-Forwarded-For only from TRUSTED_PROXY (unset here), so a client that names
 * a new address in every request still counts as the address it connects from (lib/http/forwarded.ts, called by
 * scripts/web-server.ts before the auth server's rate limit reads the header).
 */
const baseUrl = inject("baseUrl");

let api: APIRequestContext;

beforeAll(async () => {
  api = await request.newContext({ baseURL: baseUrl });
});

afterAll(async () => {
  await api?.dispose();
});

describe("the sign-in rate limit", () => {
  it("cannot be dodged by naming another client address in each attempt", async () => {
    const statuses: number[] = [];
    let retryAfterSeconds = 0;
    // The auth server allows 3 sign-in attempts per address in 10 s: the fourth is refused, whatever it claims.
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await api.post("/api/auth/sign-in/email", {
        data: { email: "nobody@example.test", password: "not the password" },
        headers: {
          origin: new URL(baseUrl).origin,
          "x-forwarded-for": `198.51.100.${attempt}`,
          "x-real-ip": `198.51.100.${attempt}`,
          forwarded: `for=198.51.100.${attempt}`,
        },
      });
      statuses.push(response.status());
      if (response.status() === 429) retryAfterSeconds = Number(response.headers()["x-retry-after"] ?? "10");
    }
    expect(statuses).toContain(429);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Leave the address unlimited for the files after this one, whose learners sign in from it too.
    await new Promise((resolve) => setTimeout(resolve, (retryAfterSeconds + 1) * 1000));
  });
});
