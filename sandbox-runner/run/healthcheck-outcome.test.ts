import { describe, expect, it } from "vitest";
import { readHealthcheck } from "./healthcheck-outcome";

describe("readHealthcheck", () => {
  it("fills in Docker's defaults and spells an exec-form test as the Dockerfile would", () => {
    expect(readHealthcheck({ Healthcheck: { Test: ["CMD", "python", "-c", "print('ok')"] } })).toEqual({
      command: `["python", "-c", "print('ok')"]`,
      intervalMs: 30_000,
      timeoutMs: 30_000,
      startPeriodMs: 0,
      retries: 3,
    });
  });

  it("reads a shell-form test and nanosecond durations", () => {
    const hc = readHealthcheck({
      Healthcheck: { Test: ["CMD-SHELL", "curl -f http://localhost/health"], Interval: 5e9, Retries: 2 },
    });
    expect(hc).toMatchObject({ command: "curl -f http://localhost/health", intervalMs: 5000, retries: 2 });
  });

  it("treats a missing or disabled HEALTHCHECK as none", () => {
    expect(readHealthcheck({})).toBeUndefined();
    expect(readHealthcheck({ Healthcheck: { Test: ["NONE"] } })).toBeUndefined();
  });
});
