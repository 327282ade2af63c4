import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { z } from "zod";

/**
 * The pages `next build` prerendered once for every reader (home, lessons, sign-in), answered straight from memory.
 *
 * Next.js serves them from its cache too, but pays per request for routing, an ETag hash over the whole page and
 * (when the browser accepts it) gzip of the whole page. Here each page is read, hashed and compressed once when the
 * server starts. Anything this cannot answer exactly as Next.js would goes to Next.js: a client-side navigation
 * (RSC requests), a server action, any method but GET and HEAD, any path not prerendered.
 */
export interface PrerenderedPages {
  readonly paths: readonly string[];
  /** Answers and returns true when the request is for a prerendered page; false leaves it to Next.js. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

const manifestSchema = z.object({
  routes: z.record(
    z.string(),
    z.object({
      routeType: z.string().optional(),
      initialRevalidateSeconds: z.union([z.literal(false), z.number()]),
      initialStatus: z.number().optional(),
    }),
  ),
});
const metaSchema = z.object({ headers: z.record(z.string(), z.string()).optional() });

// Next.js's own answer for a page prerendered without revalidation; kept identical so caches see no difference.
const CACHE_CONTROL = "s-maxage=31536000";
const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
// Requests only Next.js can answer: its client router's, and server actions'.
const NEXT_ONLY_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch"];

interface Page {
  headers: Record<string, string>;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

export function loadPrerenderedPages(distDir: string): PrerenderedPages {
  const manifestFile = path.join(distDir, "prerender-manifest.json");
  const pages = new Map<string, Page>();
  if (existsSync(manifestFile)) {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, "utf8")));
    for (const [route, entry] of Object.entries(manifest.routes)) {
      // Error pages (/_not-found, /_global-error) carry their own status; pages that revalidate change over time.
      if (entry.routeType !== "page" || entry.initialRevalidateSeconds !== false || route.startsWith("/_")) continue;
      if ((entry.initialStatus ?? 200) !== 200) continue;
      const base = path.join(distDir, "server", "app", route === "/" ? "index" : route.slice(1));
      if (!existsSync(`${base}.html`)) continue;
      pages.set(route, loadPage(`${base}.html`, `${base}.meta`));
    }
  }

  return {
    paths: [...pages.keys()],
    serve(req, res) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      if (NEXT_ONLY_HEADERS.some((h) => req.headers[h] !== undefined) || req.headers["next-action"]) return false;
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.searchParams.has("_rsc")) return false;
      const page = pages.get(url.pathname);
      if (!page) return false;
      send(req, res, page);
      return true;
    },
  };
}

function loadPage(htmlFile: string, metaFile: string): Page {
  const identity = readFileSync(htmlFile);
  const meta = existsSync(metaFile) ? metaSchema.parse(JSON.parse(readFileSync(metaFile, "utf8"))) : {};
  // Cache tags are Next.js's own bookkeeping and never leave its server.
  const { "x-next-cache-tags": _tags, ...headers } = meta.headers ?? {};
  return {
    headers,
    etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    brotli: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, page: Page): void {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", CACHE_CONTROL);
  res.setHeader("Vary", VARY);
  res.setHeader("ETag", page.etag);
  res.setHeader("x-nextjs-cache", "HIT");
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  if (req.headers["if-none-match"]?.split(/\s*,\s*/).includes(page.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const accepted = req.headers["accept-encoding"] ?? "";
  const [body, encoding] = /\bbr\b/.test(accepted)
    ? [page.brotli, "br"]
    : /\bgzip\b/.test(accepted)
      ? [page.gzip, "gzip"]
      : [page.identity, undefined];
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.statusCode = 200;
  res.end(req.method === "HEAD" ? undefined : body);
}
