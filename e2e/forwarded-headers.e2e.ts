import { request as httpRequest } from "node:http";
import { describe, expect, inject, it } from "vitest";

/**
 * The production web server believes X-Forwarded-For only from TRUSTED_PROXY (unset here), so a client that names
 * a new address in every request still counts as the address it connects from (lib/http/forwarded.ts, called by
 * scripts/web-server.ts before the auth server's rate limit reads the header).
 *
 * The attempts come from 127.0.0.2, a loopback address of its own, so the ceiling they reach leaves 127.0.0.1, where
 * every other test file's learners sign in, untouched, and shows that the count is kept per connecting address.
 */
const baseUrl = new URL(inject("baseUrl"));

/**
 * One request for a password-reset mail from `localAddress`, for an account that does not exist, claiming `claimed`
 * as its address. This path's ceiling is the lowest (30 a minute) of the limits that all count by the same address.
 */
function resetRequest(localAddress: string, attempt: number, claimed: string): Promise<number> {
  const body = JSON.stringify({ email: `nobody-${attempt}@example.test`, redirectTo: "/reset-password" });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: baseUrl.port,
        localAddress,
        method: "POST",
        path: "/api/auth/request-password-reset",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          origin: baseUrl.origin,
          "x-forwarded-for": claimed,
          "x-real-ip": claimed,
          forwarded: `for=${claimed}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the auth server's rate limits", () => {
  it("cannot be dodged by naming another client address in each attempt", async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 40 && !statuses.includes(429); attempt++) {
      statuses.push(await resetRequest("127.0.0.2", attempt, `198.51.100.${attempt}`));
    }
    expect(statuses).toContain(429);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    // The connecting address was refused, not the ones it named: another peer still gets its answer.
    expect(await resetRequest("127.0.0.1", 0, "198.51.100.1")).toBe(200);
  });
});
