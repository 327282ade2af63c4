import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "security.compose-no-inline-secrets";

describe(ID, () => {
  it("passes references, pass-through names and empty values", () => {
    expect(runCompose(ID, GOOD).status).toBe("pass");
    expect(runCompose(ID, GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "DB_PASSWORD:")).status).toBe("pass");
    expect(
      runCompose(
        ID,
        GOOD.replace("      DB_PASSWORD: ${DB_PASSWORD}\n", "      - DB_PASSWORD\n").replace(
          "      REDIS_URL: redis://cache:6379/0\n",
          "      - REDIS_URL=redis://cache:6379/0\n",
        ),
      ).status,
    ).toBe("pass");
  });

  it("flags a literal value under a secret-looking name, without printing it", () => {
    const literal = runCompose(ID, GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "DB_PASSWORD: hunter2"));
    expect(literal).toMatchObject({ status: "fail", location: "compose.yaml:7", evidence: "DB_PASSWORD=hun…" });
  });

  it("flags a known token format under any name", () => {
    const token = runCompose(ID, GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", `HF_HOME: hf_${"x".repeat(34)}`));
    expect(token.status).toBe("fail");
    expect(token.message).toContain("HF_HOME");
  });

  it("points at the exercise's own .env when the learner may edit only compose.yaml", () => {
    const literal = GOOD.replace("DB_PASSWORD: ${DB_PASSWORD}", "DB_PASSWORD: hunter2");
    expect(runCompose(ID, literal).fix).toContain("value in an uncommitted .env");
    const fixedEnv = runCompose(ID, literal, { files: { ".env": "DB_PASSWORD=dev\n" }, editable: ["compose.yaml"] });
    expect(fixedEnv.fix).toBe(
      "DB_PASSWORD: ${DB_PASSWORD}   # the exercise's .env sets DB_PASSWORD, and Compose reads it from there",
    );
    const noEnv = runCompose(ID, literal, { editable: ["compose.yaml"] });
    expect(noEnv.fix).not.toContain(".env");
  });
});
