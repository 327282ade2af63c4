import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameSitePath } from "./same-site-path";

const SITE = "https://dockyard.example";
// Pages a returned path is read against: the browser resolves a Location or router.push target against the page it
// is on, so the path must stay on the site from the root, from a deep page with a query, and from a folder-like page.
const BASES = [
  `${SITE}/`,
  `${SITE}/api/auth-institution/callback?x=1`,
  `${SITE}/exercises/first-image/`,
  `${SITE}/sign-in?next=%2F#top`,
];

// The pieces open redirects are made of: separators and their encodings and look-alikes (full-width solidus, division
// slash, full-width full stop, ideographic full stop, reverse solidus), dot segments, what the URL parser drops
// (tab, line feed, carriage return, leading spaces and controls), schemes, userinfo and hosts.
const PIECES = [
  "/",
  "\\",
  ".",
  "..",
  "%2e",
  "%2E",
  "%2e%2e",
  ".%2E",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%25",
  "%",
  "%09",
  "%00",
  "\t",
  "\n",
  "\r",
  " ",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u200b",
  "\ufeff",
  "\u3000",
  "\uff0f",
  "\u2215",
  "\u2044",
  "\uff3c",
  "\ufe68",
  "\uff0e",
  "\u3002",
  "\uff61",
  "\uff45vil",
  ";",
  ":",
  "@",
  "?",
  "#",
  "&",
  "=",
  "javascript:",
  "http:",
  "https:",
  "data:",
  "evil.example",
  "user:pass@evil.example",
  "dockyard.example",
  "same-site.invalid",
  "a",
  "exercises",
];

const piece = fc.constantFrom(...PIECES);
/** Any sequence of the pieces: most do not start with "/", and are refused outright. */
const anyValue = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(""));
/** A value that starts as a path does, so the parser's rewriting (dot segments, dropped characters) gets exercised. */
const pathLike = fc
  .tuple(fc.constantFrom("/", "/.", "/..", "/%2e", "/./", "/../", "/%2e%2e/", "/;", "/\t", "/%5C", "/\uff0f"), anyValue)
  .map(([start, rest]) => start + rest);

function staysOnSite(path: string): void {
  for (const base of BASES) expect(new URL(path, base).origin).toBe(SITE);
  expect(path.startsWith("/")).toBe(true);
  expect(path.startsWith("//") || path.startsWith("/\\")).toBe(false);
  expect(/\p{Cc}/u.test(path)).toBe(false);
  expect(sameSitePath(path)).toBe(path);
}

describe("sameSitePath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(sameSitePath("/exercises/first-image?tab=report#checks")).toBe("/exercises/first-image?tab=report#checks");
    expect(sameSitePath("/")).toBe("/");
    expect(sameSitePath("/classes/join?code=ABC-123")).toBe("/classes/join?code=ABC-123");
  });

  it("sends anything that would leave the site to the home page", () => {
    for (const away of ["//evil.example", "/\\evil.example", "/\\/evil.example", "https://evil.example/", "evil", ""]) {
      expect(sameSitePath(away)).toBe("/");
    }
    expect(sameSitePath(undefined)).toBe("/");
    expect(sameSitePath(`/${"a".repeat(2048)}`)).toBe("/");
  });

  it("keeps what only looks like another host inside a path", () => {
    expect(sameSitePath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(sameSitePath("/%5C%5Cevil.example")).toBe("/%5C%5Cevil.example");
    expect(sameSitePath("/@evil.example")).toBe("/@evil.example");
  });

  it("refuses a path that the parser turns into another host: dot segments, dropped tabs and line breaks", () => {
    // Each of these serialises (or would, once the browser drops the tab or line break) to //evil.example/…
    for (const away of [
      "/.//evil.example",
      "/.//evil.example/after-sign-in",
      "/..//evil.example",
      "/%2e//evil.example",
      "/%2e%2e//evil.example",
      "/a/..//evil.example",
      "/./\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      " /evil.example",
      "\u0000/evil.example",
      "/\\\tevil.example",
    ]) {
      expect(sameSitePath(away), JSON.stringify(away)).toBe("/");
    }
  });

  it("keeps look-alike slashes and dots inside the path, encoded, where no browser reads them as separators", () => {
    expect(sameSitePath("/\uff0f\uff0fevil.example")).toBe("/%EF%BC%8F%EF%BC%8Fevil.example");
    expect(sameSitePath("/\u2215evil.example")).toBe("/%E2%88%95evil.example");
    expect(sameSitePath("/\uff0e\uff0e/evil.example")).toBe("/%EF%BC%8E%EF%BC%8E/evil.example");
    expect(sameSitePath("\uff0f\uff0fevil.example")).toBe("/");
    for (const kept of ["/\uff0f\uff0fevil.example", "/;//evil.example", "/%2F/evil.example"])
      staysOnSite(sameSitePath(kept));
  });

  it("refuses other schemes and userinfo tricks", () => {
    for (const away of ["javascript:alert(1)", "/javascript:alert(1)//", "http:/evil.example", "//user@evil.example"]) {
      const path = sameSitePath(away);
      if (path !== "/") staysOnSite(path);
    }
    expect(sameSitePath("javascript:alert(1)")).toBe("/");
    expect(sameSitePath("http:/evil.example")).toBe("/");
  });

  it("gives a path that stays on the site from every page, and is its own result, for any mix of the pieces", () => {
    let kept = 0;
    fc.assert(
      fc.property(fc.oneof(anyValue, pathLike, pathLike), (value) => {
        const path = sameSitePath(value);
        if (path === "/") return;
        kept++;
        staysOnSite(path);
      }),
      { numRuns: 6000 },
    );
    // The property says nothing if almost everything became "/": a good share of the values must have been kept.
    expect(kept).toBeGreaterThan(1000);
  });

  it("leaves an ordinary path as it is", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const query = fc.option(fc.stringMatching(/^[a-z]{1,6}=[a-z0-9]{0,6}$/), { nil: undefined });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), query, (segments, q) => {
        const path = `/${segments.join("/")}${q ? `?${q}` : ""}`;
        expect(sameSitePath(path)).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });
});
