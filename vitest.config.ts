import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Four tiers, named by what a test file's name already says it needs (README.md, "Tests"):
 * - unit: everything else, pure and in-process: parallel threads.
 * - pg (`*.pg.test.ts`): a PostgreSQL of its own per file, cloned from a migrated template (vitest.global-setup.ts),
 *   so files share nothing and run in parallel forks; most of their time is spent waiting on the database.
 * - docker (`*.docker.test.ts`, `*.docker.pg.test.ts`): one Docker engine, cgroups and lab accounts shared by all,
 *   and checks that read timings (health checks, watchdogs) on a 2-core machine: one file at a time.
 * - verify (`sandbox-runner/verify/*.docker.test.ts`): every exercise graded and every lab done for real.
 * scripts/test.sh runs the last two through test-support/remembered-tier.ts, which runs only files with no pass
 * remembered under the key of everything that can change their outcome (test-support/docker-test-keys.ts).
 * `vitest run --project <tier>` runs one of them; `npm test -- <tier>` runs it with its set-up (scripts/test.sh).
 */
const DOCKER = ["**/*.docker.test.ts", "**/*.docker.pg.test.ts"];
const VERIFY = ["sandbox-runner/verify/*.docker.test.ts"];
const PG = ["**/*.pg.test.ts"];
const ALWAYS_EXCLUDED = ["node_modules/**", ".next/**", ".data/**", "e2e/**"];
/** Files waiting on PostgreSQL rather than the CPU: more of them than cores at once. */
const PG_WORKERS = Number(process.env.DOCKYARD_PG_TEST_WORKERS ?? 3);

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run server code outside React's server environment; use the package's no-op entry.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // A lab host under test would seal lab disks in the background, taking the accounts other tests' labs need:
    // sandbox-runner/labs/lab-seeds.docker.test.ts tests the seeds on their own.
    env: { LAB_SEED_DISKS: "off" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Files of several tiers named in one `vitest run` run tier by tier, in this order.
          sequence: { groupOrder: 0 },
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: [...ALWAYS_EXCLUDED, ...PG, ...DOCKER],
          pool: "threads",
        },
      },
      {
        extends: true,
        test: {
          name: "pg",
          sequence: { groupOrder: 1 },
          include: PG,
          exclude: [...ALWAYS_EXCLUDED, ...DOCKER],
          globalSetup: ["./vitest.global-setup.ts"],
          pool: "forks",
          maxWorkers: PG_WORKERS,
        },
      },
      {
        extends: true,
        test: {
          name: "docker",
          sequence: { groupOrder: 2 },
          include: DOCKER,
          exclude: [...ALWAYS_EXCLUDED, ...VERIFY],
          globalSetup: ["./vitest.global-setup.ts"],
          pool: "forks",
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "verify",
          sequence: { groupOrder: 3 },
          include: VERIFY,
          exclude: ALWAYS_EXCLUDED,
          pool: "forks",
          fileParallelism: false,
          // Labs that run (not remembered) run three at a time: a lab's checks read its engine's state, not the clock,
          // and most of a lab's time is spent watching wrong attempts turn nothing green, so three keep both cores busy
          // through each other's waits. Exercises are graded one at a time (their file says why).
          maxConcurrency: Number(process.env.DOCKYARD_VERIFY_CONCURRENCY ?? 3),
        },
      },
    ],
  },
});
