import { describe, expect, it } from "vitest";
import { checkFixture } from "../check-fixture";

const DOCKERFILE = "FROM python:3.11-slim\nCMD [\"python\"]\n";
const checks = { compose: { file: "compose.yaml", stateful: ["cache"] } };
const run = (id: string, compose: string | undefined) =>
  checkFixture(id, DOCKERFILE, { checks, files: compose === undefined ? {} : { "compose.yaml": compose } });

const GOOD = `services:
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

describe("compose rules on a good file", () => {
  it.each([
    "correctness.compose-spec-valid",
    "correctness.compose-no-version-key",
    "security.compose-images-pinned",
    "security.compose-no-inline-secrets",
    "correctness.compose-depends-on-healthy",
    "correctness.compose-services-by-name",
    "correctness.compose-state-on-named-volumes",
    "security.compose-ports-bound-locally",
  ])("%s passes", (id) => {
    expect(run(id, GOOD).status).toBe("pass");
  });

  it("are skipped for exercises without a compose section", () => {
    expect(checkFixture("security.compose-images-pinned", DOCKERFILE).status).toBe("skipped");
  });
});

describe("correctness.compose-spec-valid", () => {
  it("reports YAML errors and unknown keys with their line", () => {
    const broken = run("correctness.compose-spec-valid", "services:\n  api:\n    image: a:1\n   ports: x\n");
    expect(broken.status).toBe("fail");
    expect(broken.location).toMatch(/^compose\.yaml:\d+$/);
    const typo = run("correctness.compose-spec-valid", GOOD.replace("    depends_on:", "    depend_on:"));
    expect(typo).toMatchObject({ status: "fail", location: "compose.yaml:8" });
    expect(typo.message).toContain('"depend_on" is not a Compose key under services.api');
  });

  it("rejects values of the wrong type and a missing file", () => {
    expect(run("correctness.compose-spec-valid", GOOD.replace('ports: ["127.0.0.1:8000:8000"]', "ports: 8000")).status).toBe("fail");
    expect(run("correctness.compose-spec-valid", undefined)).toMatchObject({ status: "fail", location: "compose.yaml" });
  });
});

describe("the other compose rules", () => {
  it("flag the version key and unpinned images at their lines", () => {
    expect(run("correctness.compose-no-version-key", `version: "3.8"\n${GOOD}`)).toMatchObject({ status: "fail", location: "compose.yaml:1" });
    const latest = run("security.compose-images-pinned", GOOD.replace("redis:7.2.5-bookworm", "redis"));
    expect(latest).toMatchObject({ status: "fail", location: "compose.yaml:12" });
    expect(latest.message).toContain("no tag, so :latest");
    expect(run("security.compose-images-pinned", GOOD.replace("redis:7.2.5-bookworm", "redis@sha256:" + "a".repeat(64))).status).toBe("pass");
  });

  it("flag literal secrets but not references or pass-through names", () => {
    const literal = run("security.compose-no-inline-secrets", GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "DB_PASSWORD: hunter2"));
    expect(literal).toMatchObject({ status: "fail", location: "compose.yaml:7" });
    expect(literal.evidence).toBe("DB_PASSWORD=hun…");
    expect(run("security.compose-no-inline-secrets", GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "HF_HOME: hf_" + "x".repeat(34))).status).toBe("fail");
    expect(run("security.compose-no-inline-secrets", GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "DB_PASSWORD:")).status).toBe("pass");
  });

  it("flag short depends_on and dependencies without a healthcheck", () => {
    const short = run("correctness.compose-depends-on-healthy", GOOD.replace("      cache:\n        condition: service_healthy\n", "      - cache\n"));
    expect(short.status).toBe("fail");
    expect(short.message).toContain("in the short form");
    const noCheck = run("correctness.compose-depends-on-healthy", GOOD.replace(/    healthcheck:\n.*\n.*\n/, ""));
    expect(noCheck.message).toContain("cache has no healthcheck");
  });

  it("flag localhost URLs, state outside named volumes and ports open to the network", () => {
    expect(run("correctness.compose-services-by-name", GOOD.replace("redis://cache:6379/0", "redis://localhost:6379/0"))).toMatchObject({ status: "fail", location: "compose.yaml:6" });
    const anonymous = run("correctness.compose-state-on-named-volumes", GOOD.replace('volumes: ["cache-data:/data"]', 'volumes: ["/data"]'));
    expect(anonymous.message).toContain("cache keeps its data only in the container");
    const undeclared = run("correctness.compose-state-on-named-volumes", GOOD.replace("volumes:\n  cache-data:\n", ""));
    expect(undeclared.message).toContain('"cache-data", which is not declared');
    const open = run("security.compose-ports-bound-locally", GOOD.replace('"127.0.0.1:8000:8000"', '"8000:8000"'));
    expect(open).toMatchObject({ status: "fail", location: "compose.yaml:4", fix: '"127.0.0.1:8000:8000"' });
  });
});
