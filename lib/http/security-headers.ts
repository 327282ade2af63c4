import { createHash, randomBytes } from "node:crypto";
import { THEME_SCRIPT } from "../preferences/theme-script";
import { servedOverHttps } from "./public-origin";

// No `import "server-only"`: scripts/web-server.ts loads this under plain Node, where that package throws.

/**
 * The headers every response carries, whoever answers it (the request proxy, the prerendered pages, the web server
 * for whatever Next.js answers without the proxy). Strict-Transport-Security only when browsers reach the platform
 * over HTTPS: sent over plain HTTP it would be ignored at best, and would lock out a test set-up at worst.
 */
export function securityHeaders({ framable = false }: { framable?: boolean } = {}): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    // The old header for browsers without `frame-ancestors`: no site may frame a page of Dockyard.
    ...(framable ? {} : { "X-Frame-Options": "DENY" }),
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(servedOverHttps() ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export const CSP_HEADER = "Content-Security-Policy";

// Powerful features no page of Dockyard uses; only names Chromium knows (an unknown one is a console error).
const PERMISSIONS_POLICY = [
  "accelerometer",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

export interface PolicyOptions {
  /**
   * The inline scripts the page may run besides its own-origin files: `'nonce-…'` for a page rendered per request
   * (Next.js puts the nonce on its scripts), `'sha256-…'` for each inline script of a page rendered once.
   */
  scripts?: readonly string[];
  /**
   * `'unsafe-eval'`: `next dev` only (React's refresh and its error overlay evaluate code), and the script that
   * starts every worker (see WORKER_BOOTSTRAP). Never a production page.
   */
  allowEval?: boolean;
  /** Origins besides 'self' a form of the page may post to: the LMS a deep linking answer goes back to. */
  formActions?: readonly string[];
  /**
   * Any site may frame the page: only the LTI content picker, which LMSs open in a frame of their own and which
   * holds nothing without the secret in its address (lib/lti/deep-linking.ts).
   */
  framable?: boolean;
}

/**
 * The root layout's one inline script, which applies the learner's theme before the first paint: on every page, so
 * in every policy. A page rendered per request cannot put its nonce on it (the layout is rendered once for all), and
 * a prerendered page lists it among its own hashes anyway (listed once).
 */
const THEME_SCRIPT_SOURCE = scriptSource(THEME_SCRIPT);

/** The Content-Security-Policy: the one place its directives are decided. */
export function contentSecurityPolicy({
  scripts = [],
  allowEval = false,
  formActions = [],
  framable = false,
}: PolicyOptions = {}): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // No 'strict-dynamic': Turbopack's runtime adds chunk <script src> tags without the nonce; 'self' allows them.
    ["script-src", "'self'", ...new Set([...scripts, THEME_SCRIPT_SOURCE]), ...(allowEval ? ["'unsafe-eval'"] : [])],
    // Inline styles stay allowed: React's style attributes, and Monaco and xterm.js insert <style> elements and
    // style attributes at run time, which neither a nonce nor a hash can cover. Styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    // Monaco's codicon font comes from the app's own files; data: for fonts a stylesheet inlines.
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'"],
    // The editor's and the instant checks' workers: Turbopack starts both from the app's own files, never a blob.
    ["worker-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...formActions],
    ["frame-ancestors", framable ? "*" : "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** A fresh nonce for one response: 128 random bits, as the CSP specification asks. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The script every worker starts from: Turbopack boots each worker (Monaco's and the instant checks') from this one
 * file, and a worker's policy is its script's response's, not its page's. The instant checks of a Compose exercise
 * need `'unsafe-eval'` there: ajv compiles the Compose schema into a function (`new Function`). Both workers share
 * the file, so both get the exception; pages never do.
 */
export function isWorkerBootstrap(pathname: string): boolean {
  return /^\/_next\/static\/chunks\/turbopack-worker-[^/]+\.js$/.test(pathname);
}

/** The policy's script-src with more sources (those it lacks): for a page whose inline scripts the sources allow. */
export function withScriptSources(policy: string, sources: readonly string[]): string {
  if (sources.length === 0) return policy;
  return policy
    .split(/\s*;\s*/)
    .map((directive) => {
      if (!directive.startsWith("script-src ")) return directive;
      const present = new Set(directive.split(" "));
      return [directive, ...new Set(sources.filter((source) => !present.has(source)))].join(" ");
    })
    .join("; ");
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const SRC_ATTRIBUTE = /(?:^|\s)src\s*=/i;

/**
 * `'sha256-…'` for each distinct inline script of an HTML page (those with `src` load a file: 'self' covers them).
 * The hash is the browser's: base64 SHA-256 of the script's exact text, after the HTML parser's one change to it,
 * line breaks (CR LF, lone CR) made LF. Inline scripts are raw text: no entity is decoded.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, text] of html.matchAll(SCRIPT)) {
    if (SRC_ATTRIBUTE.test(attributes ?? "")) continue;
    hashes.add(scriptSource((text ?? "").replace(/\r\n?/g, "\n")));
  }
  return [...hashes];
}

/** `'sha256-…'` of a script's text as the browser reads it. */
function scriptSource(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}
