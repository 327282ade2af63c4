import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-spec-valid";

describe(ID, () => {
  it("passes a valid file and says the stack is not started", () => {
    const result = runCompose(ID, GOOD);
    expect(result.status).toBe("pass");
    expect(result.message).toContain("not started");
  });

  it("accepts current Compose keys and YAML merge keys", () => {
    const modern = `name: lab
x-restart: &restart
  restart: unless-stopped
services:
  train:
    <<: *restart
    image: trainer:1.0
    gpus: all
    healthcheck:
      test: ["CMD", "true"]
      start_interval: 2s
    develop:
      watch:
        - path: ./src
          action: sync
          target: /srv/src
    depends_on:
      db: { condition: service_healthy, required: false }
  db:
    image: postgres:16.3
`;
    expect(runCompose(ID, modern, { checks: { compose: {} } }).status).toBe("pass");
  });

  it("reports YAML errors and duplicate keys with their line", () => {
    expect(runCompose(ID, "services:\n  api:\n    image: a:1\n   ports: x\n")).toMatchObject({
      status: "fail",
      location: expect.stringMatching(/^compose\.yaml:\d+$/),
    });
    expect(runCompose(ID, "services:\n  api:\n    image: a:1\n    image: b:1\n")).toMatchObject({
      status: "fail",
      location: "compose.yaml:4",
    });
  });

  it("reports an unknown key at its line, naming the key", () => {
    const typo = runCompose(ID, GOOD.replace("    depends_on:", "    depend_on:"));
    expect(typo).toMatchObject({ status: "fail", location: "compose.yaml:8" });
    expect(typo.message).toContain('"depend_on" is not a Compose key under services.api');
  });

  it("reports values of the wrong type or outside the allowed set", () => {
    const ports = runCompose(ID, GOOD.replace('ports: ["127.0.0.1:8000:8000"]', "ports: 8000"));
    expect(ports).toMatchObject({ status: "fail", location: "compose.yaml:4" });
    expect(ports.message).toBe("services.api.ports must be array");
    const condition = runCompose(ID, GOOD.replace("condition: service_healthy", "condition: healthy"));
    expect(condition).toMatchObject({ status: "fail", location: "compose.yaml:10" });
    expect(condition.message).toContain("must be one of: service_started, service_healthy");
  });

  it("reports references to things the file does not define, as Compose does", () => {
    const volume = runCompose(ID, GOOD.replace("volumes:\n  cache-data:\n", ""));
    expect(volume).toMatchObject({ status: "fail", location: "compose.yaml:13" });
    expect(volume.message).toContain('named volume "cache-data", which is not declared');
    const service = runCompose(ID, GOOD.replace("      cache:\n        condition", "      cahce:\n        condition"));
    expect(service.message).toContain('depends on "cahce", which is not a service');
    expect(
      runCompose(ID, GOOD.replace("    build: .\n", "    build: .\n    networks: [backend]\n    secrets: [hf_token]\n"))
        .message,
    ).toMatch(/network "backend"[\s\S]*secret "hf_token"/);
  });

  it("fails an empty or missing file", () => {
    expect(runCompose(ID, "")).toMatchObject({ status: "fail", location: "compose.yaml:1" });
    expect(runCompose(ID, undefined)).toMatchObject({ status: "fail", location: "compose.yaml" });
  });

  it("takes Docker Compose's own verdict into account when the grader has one", () => {
    expect(runCompose(ID, GOOD, { engine: { status: "accepted", version: "2.26.1" } }).message).toContain(
      "docker compose config (Compose 2.26.1) accepts it too",
    );
    expect(
      runCompose(ID, GOOD, {
        engine: { status: "not-run", reason: "The Docker Compose v2 plugin is not installed on this grader." },
      }).message,
    ).toContain("not installed on this grader");
    const rejected = runCompose(ID, GOOD, {
      engine: {
        status: "rejected",
        version: "2.26.1",
        message: 'service "cache" has neither an image nor a build context',
        keys: ["services", "cache"],
      },
    });
    expect(rejected).toMatchObject({ status: "fail", location: "compose.yaml:11" });
    expect(rejected.message).toContain("rejects the file");
  });

  it("is skipped for exercises without a compose section", () => {
    expect(runCompose(ID, GOOD, { checks: {} }).status).toBe("skipped");
  });
});
