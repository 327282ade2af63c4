import { describe, expect, it } from "vitest";
import { parseConfigError } from "./config-error";

// Messages as docker compose 2.26 prints them.
const DIR = "/tmp/dockyard-compose-abc123";

describe("parseConfigError", () => {
  it("points schema errors at the key path, the unknown key included", () => {
    expect(
      parseConfigError(
        `validating ${DIR}/compose.yaml: services.api Additional property depend_on is not allowed\n`,
        DIR,
      ),
    ).toEqual({
      message: "validating compose.yaml: services.api Additional property depend_on is not allowed",
      keys: ["services", "api", "depend_on"],
    });
    expect(parseConfigError(`validating ${DIR}/compose.yaml: services.api.ports must be a list\n`, DIR).keys).toEqual([
      "services",
      "api",
      "ports",
    ]);
  });

  it("keeps the line of YAML errors", () => {
    expect(
      parseConfigError('yaml: unmarshal errors:\n  line 4: mapping key "image" already defined at line 3\n', DIR),
    ).toMatchObject({ line: 4 });
  });

  it("maps decoding errors and project errors to the service", () => {
    const decoding = parseConfigError(
      "decoding failed due to the following error(s):\n\nerror decoding " +
        '\'services[api].healthcheck.interval\': time: unknown unit "x" in duration "5x"\n',
      DIR,
    );
    expect(decoding).toEqual({
      message: 'error decoding \'services[api].healthcheck.interval\': time: unknown unit "x" in duration "5x"',
      keys: ["services", "api", "healthcheck", "interval"],
    });
    expect(
      parseConfigError('service "api" refers to undefined volume data: invalid compose project\n', DIR).keys,
    ).toEqual(["services", "api"]);
  });

  it("drops warnings and the grader's temporary folder", () => {
    const result = parseConfigError(
      `time="2026-11-22T18:08:30Z" level=warning msg="${DIR}/compose.yaml: the ` +
        `attribute \`version\` is obsolete"\nenv file ${DIR}/missing.env not found: stat ${DIR}/missing.env: ` +
        `no such file or directory\n`,
      DIR,
    );
    expect(result.message).toBe("env file missing.env not found: stat missing.env: no such file or directory");
    expect(result.keys).toBeUndefined();
  });
});
