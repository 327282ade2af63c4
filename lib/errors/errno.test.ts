import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ifErrno, isErrno } from "./errno";

describe("system error codes", () => {
  it("reads only the expected codes as the fallback", async () => {
    const missing = readFile("/nonexistent/file", "utf8");
    expect(await missing.catch(ifErrno(["ENOENT"], "absent"))).toBe("absent");
    await expect(readFile("/", "utf8").catch(ifErrno(["ENOENT"], "absent"))).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("is false for errors without a system code", () => {
    expect(isErrno(new Error("ENOENT"), "ENOENT")).toBe(false);
    expect(isErrno(Object.assign(new Error("x"), { code: "ESRCH" }), "ENOENT", "ESRCH")).toBe(true);
    expect(isErrno(undefined, "ENOENT")).toBe(false);
  });
});
