import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { foreignOriginRefusal } from "./origin-check";

const SITE = "https://dockyard.example.org";
const before = process.env.APP_URL;

beforeEach(() => {
  process.env.APP_URL = `${SITE}/`;
});
afterEach(() => {
  if (before === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = before;
});

function attempt(method: string, headers: Record<string, string>): Response | undefined {
  return foreignOriginRefusal(new Request(`${SITE}/api/submissions`, { method, headers }));
}

async function expectRefused(answer: Response | undefined, naming: string) {
  expect(answer?.status).toBe(403);
  const body = await answer!.json();
  expect(body.error.code).toBe("FORBIDDEN");
  expect(body.error.message).toContain(`This request came from another site (${naming})`);
  expect(body.error.message).toContain(`open ${SITE} and do it there`);
}

describe("foreignOriginRefusal", () => {
  it("lets the platform's own pages change things", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(attempt(method, { origin: SITE, "sec-fetch-site": "same-origin" }), method).toBeUndefined();
    }
  });

  it("refuses a state-changing request from another site, naming it, in the usual error body", async () => {
    await expectRefused(attempt("POST", { origin: "https://evil.example" }), "https://evil.example");
    await expectRefused(attempt("DELETE", { origin: "https://evil.example" }), "https://evil.example");
  });

  it("counts a look-alike as foreign: another scheme, port or subdomain is another origin", async () => {
    await expectRefused(attempt("POST", { origin: "http://dockyard.example.org" }), "http://dockyard.example.org");
    await expectRefused(attempt("PUT", { origin: `${SITE}:8443` }), `${SITE}:8443`);
    await expectRefused(
      attempt("POST", { origin: "https://evil.dockyard.example.org" }),
      "https://evil.dockyard.example.org",
    );
  });

  it("refuses Origin: null, which sandboxed frames and cross-site redirects send", async () => {
    await expectRefused(attempt("POST", { origin: "null" }), "a page with no origin of its own (Origin: null)");
  });

  it("trusts Origin over Sec-Fetch-Site when both are there", async () => {
    await expectRefused(
      attempt("POST", { origin: "https://evil.example", "sec-fetch-site": "same-origin" }),
      "https://evil.example",
    );
  });

  it("refuses a browser's request without Origin that Sec-Fetch-Site says came from another site", async () => {
    await expectRefused(attempt("POST", { "sec-fetch-site": "cross-site" }), "another site");
    await expectRefused(attempt("PATCH", { "sec-fetch-site": "same-site" }), "another site");
    expect(attempt("POST", { "sec-fetch-site": "same-origin" })).toBeUndefined();
    expect(attempt("POST", { "sec-fetch-site": "none" })).toBeUndefined();
  });

  it("lets a request with neither header through: no browser sent it (curl, a script), so nobody was tricked", () => {
    expect(attempt("POST", {})).toBeUndefined();
    expect(attempt("DELETE", {})).toBeUndefined();
  });

  it("never stands in the way of reading: GET, HEAD and OPTIONS go on from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        attempt(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
        method,
      ).toBeUndefined();
    }
  });

  it("follows APP_URL, the public URL, for what counts as the platform's own origin", () => {
    process.env.APP_URL = "http://localhost:3100";
    expect(attempt("POST", { origin: "http://localhost:3100" })).toBeUndefined();
    expect(attempt("POST", { origin: SITE })?.status).toBe(403);
  });
});
