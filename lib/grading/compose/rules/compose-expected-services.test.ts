import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-expected-services";

describe(ID, () => {
  it("passes when every expected service exists and the built one builds ./Dockerfile", () => {
    expect(runCompose(ID, GOOD)).toMatchObject({
      status: "pass",
      message: "The stack has api, cache, and api is built from the exercise's Dockerfile.",
    });
    expect(
      runCompose(ID, GOOD.replace("    build: .\n", "    build:\n      context: ./\n      dockerfile: Dockerfile\n"))
        .status,
    ).toBe("pass");
  });

  it("flags a renamed service, naming its role", () => {
    const renamed = runCompose(ID, GOOD.replace("  cache:\n    image", "  redis:\n    image"));
    expect(renamed.status).toBe("fail");
    expect(renamed.message).toContain("no service called cache (the Redis cache); it has redis instead");
  });

  it("flags an API that pulls an image or builds something else", () => {
    expect(runCompose(ID, GOOD.replace("    build: .\n", "    image: churn-api:1.0\n"))).toMatchObject({
      status: "fail",
      location: "compose.yaml:3",
    });
    expect(runCompose(ID, GOOD.replace("    build: .\n", "    build: ./api\n")).message).toContain(
      "builds from the context ./api",
    );
    expect(
      runCompose(
        ID,
        GOOD.replace("    build: .\n", "    build:\n      context: .\n      dockerfile: Dockerfile.dev\n"),
      ),
    ).toMatchObject({ status: "fail", location: "compose.yaml:5" });
    expect(
      runCompose(ID, GOOD.replace("    build: .\n", "    build:\n      dockerfile_inline: FROM python:3.11-slim\n"))
        .message,
    ).toContain("dockerfile_inline");
  });

  it("is skipped when the exercise expects no particular services", () => {
    expect(runCompose(ID, GOOD, { checks: { compose: {} } }).status).toBe("skipped");
  });
});
