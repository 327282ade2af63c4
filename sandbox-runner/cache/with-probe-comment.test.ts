import { describe, expect, it } from "vitest";
import { withProbeComment } from "./with-probe-comment";

describe("withProbeComment", () => {
  it("appends a comment in the file's own syntax", () => {
    expect(withProbeComment("app/main.py", "print(1)\n", "ab12")).toBe("print(1)\n# cache probe ab12\n");
    expect(withProbeComment("requirements.txt", "numpy", "ab12")).toBe("numpy\n# cache probe ab12\n");
    expect(withProbeComment("src/server.ts", "export {};\n", "ab12")).toBe("export {};\n// cache probe ab12\n");
  });

  it("changes a JSON file only by whitespace, so it still parses", () => {
    const changed = withProbeComment("config.json", '{"a": 1}\n', "ab12");
    expect(changed).not.toBe('{"a": 1}\n');
    expect(JSON.parse(changed)).toEqual({ a: 1 });
  });
});
