import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { z } from "zod";
import {
  CSP_HEADER,
  contentSecurityPolicy,
  inlineScriptHashes,
  securityHeaders,
  withScriptSources,
} from "./security-headers";

/**
 * The pages `next build` prerendered once for every reader (home, lessons, sign-in), answered straight from memory.
 *
 * Next.js serves them from its cache too, but pays per request for routing, an ETag hash over the whole page and
 * (when the browser accepts it) gzip of the whole page. Here each page is read, hashed and compressed once when the
 * server starts. Anything this cannot answer exactly as Next.js would goes to Next.js: a client-side navigation
 * (RSC requests), a server action, any method but GET and HEAD, any path not prerendered.
 *
 * A page rendered once cannot carry a per-request nonce without losing its precomputed ETag and compressed copies,
 * so its Content-Security-Policy names its inline scripts by hash instead, computed once with the rest.
 *
 * The compressed copies (gzip and brotli at their best, seconds of CPU for the whole course) are made after loading,
 * off the main thread, one page at a time, so the server answers at once: until a page's copies are ready it goes
 * out uncompressed, which the `Vary: Accept-Encoding` it always carries allows.
 */
export interface PrerenderedPages {
  readonly paths: readonly string[];
  /** Settles once every page's compressed copies are made. */
  readonly compressed: Promise<void>;
  /** Answers and returns true when the request is for a prerendered page; false leaves it to Next.js. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Readies a response Next.js will answer: the security headers and a scriptless policy up front (for an answer the
   * request proxy never shapes), and, on an HTML answer, the hashes of the inline scripts of the HTML Next.js may
   * answer from its build (its 404 and 500 pages), which carry no nonce, added to whatever policy it sends.
   */
  prepareForNext(res: ServerResponse): void;
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
  policy: string;
  etag: string;
  identity: Buffer;
  /** Undefined until compressPages has made it. */
  gzip?: Buffer;
  brotli?: Buffer;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export function loadPrerenderedPages(distDir: string): PrerenderedPages {
  const manifestFile = path.join(distDir, "prerender-manifest.json");
  const pages = new Map<string, Page>();
  // The HTML Next.js answers from the build itself: its error pages (and their pages/404.html and 500.html copies).
  const nextHtml: string[] = [];
  if (existsSync(manifestFile)) {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, "utf8")));
    for (const [route, entry] of Object.entries(manifest.routes)) {
      if (entry.routeType !== "page") continue;
      const base = path.join(distDir, "server", "app", route === "/" ? "index" : route.slice(1));
      if (!existsSync(`${base}.html`)) continue;
      // Error pages (/_not-found, /_global-error) carry their own status; pages that revalidate change over time.
      const errorPage = route.startsWith("/_") || (entry.initialStatus ?? 200) !== 200;
      if (errorPage) nextHtml.push(`${base}.html`);
      else if (entry.initialRevalidateSeconds === false) pages.set(route, loadPage(`${base}.html`, `${base}.meta`));
    }
  }
  const pagesDir = path.join(distDir, "server", "pages");
  if (existsSync(pagesDir)) {
    nextHtml.push(...readdirSync(pagesDir).flatMap((f) => (f.endsWith(".html") ? [path.join(pagesDir, f)] : [])));
  }
  const nextHashes = [...new Set(nextHtml.flatMap((file) => inlineScriptHashes(readFileSync(file, "utf8"))))];

  return {
    paths: [...pages.keys()],
    compressed: compressPages([...pages.values()]),
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
    prepareForNext(res) {
      setSecurityHeaders(res, contentSecurityPolicy());
      const writeHead = res.writeHead;
      // Every way of sending a response's head goes through writeHead (Node's implicit header included).
      res.writeHead = ((...args: Parameters<typeof writeHead>) => {
        const policy = res.getHeader(CSP_HEADER);
        if (typeof policy === "string" && String(res.getHeader("content-type")).startsWith("text/html")) {
          res.setHeader(CSP_HEADER, withScriptSources(policy, nextHashes));
        }
        return writeHead.apply(res, args);
      }) as typeof writeHead;
    },
  };
}

function setSecurityHeaders(res: ServerResponse, policy: string): void {
  for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
  res.setHeader(CSP_HEADER, policy);
}

function loadPage(htmlFile: string, metaFile: string): Page {
  const identity = readFileSync(htmlFile);
  const meta = existsSync(metaFile) ? metaSchema.parse(JSON.parse(readFileSync(metaFile, "utf8"))) : {};
  // Cache tags are Next.js's own bookkeeping and never leave its server.
  const { "x-next-cache-tags": _tags, ...headers } = meta.headers ?? {};
  return {
    headers,
    policy: contentSecurityPolicy({ scripts: inlineScriptHashes(identity.toString("utf8")) }),
    etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`,
    identity,
  };
}

/**
 * Makes each page's compressed copies in zlib's worker threads, a page at a time so that the server's own start
 * (which reads files through the same threads) is never queued behind them. A page that fails to compress is
 * served uncompressed, and the log says so.
 */
async function compressPages(pages: Page[]): Promise<void> {
  for (const page of pages) {
    try {
      [page.gzip, page.brotli] = await Promise.all([
        gzipAsync(page.identity, { level: 9 }),
        brotliAsync(page.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      ]);
    } catch (err) {
      console.error(`[web] a prerendered page is served uncompressed: ${(err as Error).message}`);
    }
  }
}

function send(req: IncomingMessage, res: ServerResponse, page: Page): void {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", CACHE_CONTROL);
  res.setHeader("Vary", VARY);
  res.setHeader("ETag", page.etag);
  res.setHeader("x-nextjs-cache", "HIT");
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  setSecurityHeaders(res, page.policy);
  if (req.headers["if-none-match"]?.split(/\s*,\s*/).includes(page.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const accepted = req.headers["accept-encoding"] ?? "";
  const [body, encoding] =
    page.brotli && /\bbr\b/.test(accepted)
      ? [page.brotli, "br"]
      : page.gzip && /\bgzip\b/.test(accepted)
        ? [page.gzip, "gzip"]
        : [page.identity, undefined];
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.statusCode = 200;
  res.end(req.method === "HEAD" ? undefined : body);
}
