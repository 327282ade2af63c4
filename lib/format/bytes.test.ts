import { describe, expect, it } from "vitest";
import { formatBytes, formatMiB } from "./bytes";

describe("formatBytes", () => {
  it("uses decimal units and three significant digits, like `docker images`", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(131_234_567)).toBe("131 MB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.24 MB");
    expect(formatBytes(1_500_000_000)).toBe("1.5 GB");
  });
});

describe("formatMiB", () => {
  it("gives limits in the whole binary units they are set in", () => {
    expect(formatMiB(5 * 1024 * 1024)).toBe("5 MiB");
    expect(formatMiB(2 * 1024 ** 3)).toBe("2048 MiB");
    expect(formatMiB(1_500_000)).toBe("1 MiB");
  });
});
