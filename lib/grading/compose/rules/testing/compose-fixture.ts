import { exerciseChecksSchema } from "../../../../exercises/exercise-schema";
import type { CheckResult } from "../../../result-schema";
import { buildStaticContext, type StaticContext, type StaticInput } from "../../../static/static-context";
import { type FixtureOptions, staticCheckResult } from "../../../static/testing/check-fixture";
import type { ComposeEngineVerdict } from "../../compose-engine-verdict";

/**
 * Test helper: a small stack like the exercise's, which passes every compose rule. Line numbers matter to the tests.
 */
export const GOOD = `services:
  api:
    build: .
    ports: ["127.0.0.1:8000:8000"]
    environment:
      REDIS_URL: redis://cache:6379/0
      DB_PASSWORD: \${DB_PASSWORD}
    depends_on:
      cache:
        condition: service_healthy
  cache:
    image: redis:7.2.5-bookworm
    volumes: ["cache-data:/data"]
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
volumes:
  cache-data:
`;

export const CHECKS = {
  compose: {
    file: "compose.yaml",
    services: {
      api: { role: "the API", build: true, dependsOn: ["cache"] },
      cache: { role: "the Redis cache", stateful: true, publishes: false },
    },
  },
};

const DOCKERFILE = 'FROM python:3.11-slim\nCMD ["python"]\n';

type ComposeFixtureOptions = FixtureOptions & { engine?: ComposeEngineVerdict };

/** The static phase's input for a compose fixture (undefined: no compose file). */
function composeInput(compose: string | undefined, options: ComposeFixtureOptions): StaticInput {
  const files = [
    { path: "Dockerfile", content: DOCKERFILE },
    ...(compose === undefined ? [] : [{ path: "compose.yaml", content: compose }]),
    ...Object.entries(options.files ?? {}).map(([path, content]) => ({ path, content })),
  ];
  const checks = exerciseChecksSchema.parse(options.checks ?? CHECKS);
  const { engine: composeEngine, editable } = options;
  return { dockerfile: DOCKERFILE, files, checks, composeEngine, editable };
}

/** The context the rules read for a compose fixture, as quick fixes get it. */
export function composeFixtureContext(compose: string, options: ComposeFixtureOptions = {}): StaticContext {
  return buildStaticContext(composeInput(compose, options));
}

/** Runs the static phase on a compose fixture (undefined: no compose file) and returns one check's result. */
export function runCompose(id: string, compose: string | undefined, options: ComposeFixtureOptions = {}): CheckResult {
  return staticCheckResult(id, composeInput(compose, options));
}
