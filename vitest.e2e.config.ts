import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
    // Platforms a test starts itself take this too (e2e/global-setup.ts says why).
    env: { LAB_SEED_DISKS: "off" },
  },
});
