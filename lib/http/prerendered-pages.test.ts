import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrerenderedPages } from "./prerendered-pages";

// A build's output as `next build` lays it out: the manifest, then each page's HTML and its headers.
let dist: string;
let server: Server;
let base: string;
const LESSON_HTML = `${"<!DOCTYPE html><html><body><h1>Containers vs VMs</h1>".padEnd(4000, " ")}</body></html>`;

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
  page("/_not-found", "<html>not found</html>");
  const pages = loadPrerenderedPages(dist);
  server = createServer((req, res) => {
    if (pages.serve(req, res)) return;
    res.setHeader("x-answered-by", "next");
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

  it("answers nothing from a build without a manifest (Next.js then answers everything)", () => {
    expect(loadPrerenderedPages(path.join(dist, "missing")).paths).toEqual([]);
  });
});
