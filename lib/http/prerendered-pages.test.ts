import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THEME_SCRIPT } from "../preferences/theme-script";
import { loadPrerenderedPages } from "./prerendered-pages";
import { contentSecurityPolicy, inlineScriptHashes } from "./security-headers";

// A build's output as `next build` lays it out: the manifest, then each page's HTML and its headers. Every page has
// the root layout's theme script, which every policy allows anyway.
let dist: string;
let server: Server;
let base: string;
const LESSON_HTML =
  `<!DOCTYPE html><html data-theme="system"><head><script>${THEME_SCRIPT}</script>` +
  `${'<script src="/_next/static/chunks/a.js" async=""></script>'}` +
  `${"<script>self.__next_f.push([0])</script></head><body><h1>Containers vs VMs</h1>".padEnd(4000, " ")}` +
  '<script>self.__next_f.push([1,"lesson"])</script></body></html>';
const NOT_FOUND_HTML =
  `<html><head><script>${THEME_SCRIPT}</script></head>` +
  '<body>not found<script>self.__next_f.push([1,"404"])</script></body></html>';
const ERROR_500_HTML = '<html><body>error<script>self.__next_f.push([1,"500"])</script></body></html>';
const NONCE_POLICY = contentSecurityPolicy({ scripts: ["'nonce-abc'"] });

function page(route: string, html: string, headers: Record<string, string> = {}) {
  const file = path.join(dist, "server", "app", route === "/" ? "index" : route.slice(1));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.html`, html);
  writeFileSync(`${file}.meta`, JSON.stringify({ headers }));
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), "prerendered-"));
  const routes = {
    "/": { routeType: "page", initialRevalidateSeconds: false },
    "/lessons/containers-vs-vms": { routeType: "page", initialRevalidateSeconds: false },
    "/news": { routeType: "page", initialRevalidateSeconds: 60 },
    "/_not-found": { routeType: "page", initialRevalidateSeconds: false, initialStatus: 404 },
    "/api/feed": { routeType: "route", initialRevalidateSeconds: false },
  };
  writeFileSync(path.join(dist, "prerender-manifest.json"), JSON.stringify({ version: 4, routes }));
  page("/", "<html>home</html>");
  page("/lessons/containers-vs-vms", LESSON_HTML, { "x-nextjs-stale-time": "300", "x-next-cache-tags": "_N_T_/x" });
  page("/news", "<html>news</html>");
  page("/_not-found", NOT_FOUND_HTML);
  mkdirSync(path.join(dist, "server", "pages"));
  writeFileSync(path.join(dist, "server", "pages", "500.html"), ERROR_500_HTML);
  const pages = loadPrerenderedPages(dist);
  await pages.compressed;
  // Next.js's part, as the request proxy shapes it: a nonce policy on HTML, the build's 404 page for a missing page.
  server = createServer((req, res) => {
    if (pages.serve(req, res)) return;
    pages.prepareForNext(res);
    res.setHeader("x-answered-by", "next");
    if (req.url === "/unproxied") return res.end("from next");
    res.setHeader("Content-Security-Policy", NONCE_POLICY);
    if (req.url === "/missing") {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      return res.end(NOT_FOUND_HTML);
    }
    res.end("from next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("prerendered pages", () => {
  it("knows only the pages prerendered once for good, never error pages, revalidating pages or routes", () => {
    expect([...loadPrerenderedPages(dist).paths].sort()).toEqual(["/", "/lessons/containers-vs-vms"]);
  });

  it("answers from memory with Next.js's caching headers and the page's own, but not its cache tags", async () => {
    const response = await fetch(`${base}/lessons/containers-vs-vms?from=search`, {
      headers: { "accept-encoding": "identity" },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(LESSON_HTML);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("s-maxage=31536000");
    expect(response.headers.get("vary")).toContain("rsc");
    expect(response.headers.get("x-nextjs-stale-time")).toBe("300");
    expect(response.headers.get("x-next-cache-tags")).toBeNull();
    expect(response.headers.get("x-answered-by")).toBeNull();
  });

  it("sends the compressed copy a browser accepts, which unpacks to the page", async () => {
    const { request } = await import("node:http");
    const body = await new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
      request(`${base}/lessons/containers-vs-vms`, { headers: { "accept-encoding": "gzip, deflate" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
    expect(body.encoding).toBe("gzip");
    expect(body.bytes.length).toBeLessThan(LESSON_HTML.length / 4);
    expect(gunzipSync(body.bytes).toString()).toBe(LESSON_HTML);
  });

  it("answers at once, uncompressed until the compressed copies are made, with the same ETag", async () => {
    const pages = loadPrerenderedPages(dist);
    const sent = (encoding: string) => {
      const headers = new Map<string, unknown>();
      const res = {
        statusCode: 0,
        setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
        end: () => {},
      };
      const req = { method: "GET", url: "/lessons/containers-vs-vms", headers: { "accept-encoding": encoding } };
      expect(pages.serve(req as never, res as never)).toBe(true);
      return { status: res.statusCode, encoding: headers.get("content-encoding"), etag: headers.get("etag") };
    };
    const before = sent("br, gzip");
    expect(before).toMatchObject({ status: 200, encoding: undefined });
    await pages.compressed;
    expect(sent("br, gzip")).toEqual({ ...before, encoding: "br" });
  });

  it("answers 304 to a browser that already has this version", async () => {
    const first = await fetch(`${base}/`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${base}/`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it.each([
    ["a client-side navigation", "/lessons/containers-vs-vms", { rsc: "1" }, "GET"],
    ["an RSC fetch by query", "/lessons/containers-vs-vms?_rsc=abc", {}, "GET"],
    ["a server action", "/", { "next-action": "x" }, "POST"],
    ["a POST", "/", {}, "POST"],
    ["a page that revalidates", "/news", {}, "GET"],
    ["a page not prerendered", "/lessons/unknown", {}, "GET"],
    ["an error page's path", "/_not-found", {}, "GET"],
  ])("leaves %s to Next.js", async (_what, url, headers, method) => {
    const response = await fetch(base + url, { method, headers });
    expect(response.headers.get("x-answered-by")).toBe("next");
  });

  it("sends the security headers and a policy that allows exactly the page's inline scripts, by hash", async () => {
    for (const headers of [{ "accept-encoding": "identity" }, { "accept-encoding": "br" }]) {
      const response = await fetch(`${base}/lessons/containers-vs-vms`, { headers });
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
      expect(response.headers.get("content-security-policy")).toBe(
        contentSecurityPolicy({
          scripts: [THEME_SCRIPT, "self.__next_f.push([0])", 'self.__next_f.push([1,"lesson"])'].flatMap((text) =>
            inlineScriptHashes(`<script>${text}</script>`),
          ),
        }),
      );
    }
  });

  it("keeps the headers on a 304, which a browser merges into the page it already has", async () => {
    const etag = (await fetch(`${base}/`)).headers.get("etag")!;
    const again = await fetch(`${base}/`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBe(contentSecurityPolicy());
    expect(again.headers.get("x-frame-options")).toBe("DENY");
  });

  it("adds the build's 404 and 500 pages' inline scripts to the policy of an HTML page Next.js answers", async () => {
    const response = await fetch(`${base}/missing`);
    expect(response.status).toBe(404);
    const policy = response.headers.get("content-security-policy")!;
    const scriptSources = policy
      .split("; ")
      .find((d) => d.startsWith("script-src "))!
      .split(" ");
    expect(scriptSources).toEqual(
      expect.arrayContaining([
        "'nonce-abc'",
        ...inlineScriptHashes(NOT_FOUND_HTML),
        ...inlineScriptHashes(ERROR_500_HTML),
      ]),
    );
    expect(scriptSources).not.toEqual(expect.arrayContaining(inlineScriptHashes(LESSON_HTML)));
    const theme = inlineScriptHashes(`<script>${THEME_SCRIPT}</script>`)[0];
    expect(scriptSources.filter((source) => source === theme)).toHaveLength(1);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("leaves the policy of anything else Next.js answers as it is, and gives one to what nothing shaped", async () => {
    const other = await fetch(`${base}/api/feed`);
    expect(other.headers.get("content-security-policy")).toBe(NONCE_POLICY);
    expect(other.headers.get("x-frame-options")).toBe("DENY");
    const unshaped = await fetch(`${base}/unproxied`);
    expect(unshaped.headers.get("content-security-policy")).toBe(contentSecurityPolicy());
    expect(unshaped.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("answers nothing from a build without a manifest (Next.js then answers everything)", () => {
    expect(loadPrerenderedPages(path.join(dist, "missing")).paths).toEqual([]);
  });
});
