import { afterEach, describe, expect, it, vi } from "vitest";
import { THEME_SCRIPT } from "../preferences/theme-script";
import {
  contentSecurityPolicy,
  inlineScriptHashes,
  isWorkerBootstrap,
  newNonce,
  securityHeaders,
  withScriptSources,
} from "./security-headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split("; ").map((d) => {
      const [name, ...sources] = d.split(" ");
      return [name!, sources];
    }),
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The root layout's script that applies the learner's theme, allowed on every page. */
const THEME = inlineScriptHashes(`<script>${THEME_SCRIPT}</script>`)[0]!;

describe("the content security policy", () => {
  it("allows only the app's own files, the given inline scripts, and nothing to frame, embed or re-base it", () => {
    const policy = directives(contentSecurityPolicy({ scripts: ["'nonce-abc'"] }));
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc'", THEME]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("font-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("worker-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("never lets a page evaluate strings or run any inline script but the theme's unless asked", () => {
    const policy = contentSecurityPolicy();
    expect(directives(policy).get("script-src")).toEqual(["'self'", THEME]);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(directives(contentSecurityPolicy({ allowEval: true })).get("script-src")).toEqual([
      "'self'",
      THEME,
      "'unsafe-eval'",
    ]);
  });

  it("allows the theme script on every page by its constant hash, listed once where the page has it too", () => {
    expect(THEME).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
    const prerendered = contentSecurityPolicy({
      scripts: inlineScriptHashes(`<html><head><script>${THEME_SCRIPT}</script></head><script>go()</script></html>`),
    });
    expect(directives(prerendered).get("script-src")).toEqual([
      "'self'",
      THEME,
      ...inlineScriptHashes("<script>go()</script>"),
    ]);
  });

  it("adds sources to script-src alone, each once, and leaves a policy as it is with none to add", () => {
    const policy = contentSecurityPolicy({ scripts: ["'nonce-abc'"] });
    const widened = directives(withScriptSources(policy, ["'sha256-x'", "'sha256-y'", "'sha256-x'", THEME]));
    expect(widened.get("script-src")).toEqual(["'self'", "'nonce-abc'", THEME, "'sha256-x'", "'sha256-y'"]);
    expect(widened.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(withScriptSources(policy, [])).toBe(policy);
  });

  it("lets only a page that asks be framed or post a form elsewhere, and drops the old frame header with it", () => {
    const picker = directives(contentSecurityPolicy({ framable: true, formActions: ["https://lms.example.edu"] }));
    expect(picker.get("frame-ancestors")).toEqual(["*"]);
    expect(picker.get("form-action")).toEqual(["'self'", "https://lms.example.edu"]);
    expect(securityHeaders({ framable: true })).not.toHaveProperty("X-Frame-Options");
    expect(securityHeaders()["X-Frame-Options"]).toBe("DENY");
  });

  it("makes a new 128-bit nonce for every response", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });

  it("recognises the script Turbopack starts every worker from, and no other file", () => {
    expect(isWorkerBootstrap("/_next/static/chunks/turbopack-worker-1hrsqshz0gfey.js")).toBe(true);
    expect(isWorkerBootstrap("/_next/static/chunks/turbopack-077hmtqrhcoji.js")).toBe(false);
    expect(isWorkerBootstrap("/_next/static/chunks/turbopack-worker-x.js/../evil.js")).toBe(false);
    expect(isWorkerBootstrap("/lessons/turbopack-worker-x.js")).toBe(false);
  });
});

describe("the other headers", () => {
  it("forbid sniffing, framing and powerful features, and keep referrers to the origin across sites", () => {
    vi.stubEnv("APP_URL", "http://localhost:3000");
    const headers = securityHeaders();
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    for (const feature of ["camera", "microphone", "geolocation", "usb", "payment"]) {
      expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    }
  });

  it("send Strict-Transport-Security only when browsers reach the platform over HTTPS", () => {
    vi.stubEnv("APP_URL", "http://localhost:3000");
    expect(securityHeaders()["Strict-Transport-Security"]).toBeUndefined();
    vi.stubEnv("APP_URL", "https://dockyard.example.org");
    expect(securityHeaders()["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("inline script hashes", () => {
  it("are the browser's: base64 SHA-256 of the exact text (the CSP specification's own example)", () => {
    expect(inlineScriptHashes("<script>alert('Hello, world.');</script>")).toEqual([
      "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",
    ]);
  });

  it("cover every inline script, once each, and skip scripts that load a file", () => {
    const html =
      '<html><head><script src="/_next/static/chunks/a.js" async=""></script>' +
      '<script id="_R_">(globalThis.TURBOPACK = []).push(1)</script></head><body>' +
      "<script>self.__next_f.push([1])</script><SCRIPT>self.__next_f.push([1])</SCRIPT>" +
      '<script\nsrc="/b.js"></script><script data-src="x">go()</script></body></html>';
    expect(inlineScriptHashes(html)).toEqual(
      ["(globalThis.TURBOPACK = []).push(1)", "self.__next_f.push([1])", "go()"].map((text) =>
        inlineScriptHashes(`<script>${text}</script>`).at(0),
      ),
    );
    expect(inlineScriptHashes(html)).toHaveLength(3);
  });

  it("hash the text as the HTML parser hands it over: line breaks made LF, entities left as written", () => {
    expect(inlineScriptHashes("<script>a()\r\nb()\rc()</script>")).toEqual(
      inlineScriptHashes("<script>a()\nb()\nc()</script>"),
    );
    expect(inlineScriptHashes("<script>x = '&amp;'</script>")).not.toEqual(
      inlineScriptHashes("<script>x = '&'</script>"),
    );
  });

  it("are none for a page without inline scripts", () => {
    expect(inlineScriptHashes('<p>plain</p><script src="/a.js"></script>')).toEqual([]);
  });
});
