import { describe, expect, it } from "vitest";
import { readHealthcheck, timedOutOnly } from "./healthcheck-outcome";

describe("readHealthcheck", () => {
  it("fills in Docker's defaults and spells an exec-form test as the Dockerfile would", () => {
    expect(readHealthcheck({ Healthcheck: { Test: ["CMD", "python", "-c", "print('ok')"] } })).toEqual({
      command: `["python", "-c", "print('ok')"]`,
      test: ["CMD", "python", "-c", "print('ok')"],
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

describe("timedOutOnly", () => {
  const timeout = { ExitCode: -1, Output: "Health check exceeded timeout (3s)" };
  const failed = { ExitCode: 1, Output: "ConnectionRefusedError" };
  const passed = { ExitCode: 0, Output: "" };

  it("holds for a failing streak of nothing but Docker's timeouts", () => {
    expect(timedOutOnly({ Status: "unhealthy", FailingStreak: 3, Log: [passed, timeout, timeout, timeout] })).toBe(
      true,
    );
    expect(timedOutOnly({ Status: "starting", FailingStreak: 1, Log: [timeout] })).toBe(true);
  });

  it("does not hold once the command fails on its own, or while nothing fails", () => {
    expect(timedOutOnly({ Status: "unhealthy", FailingStreak: 3, Log: [timeout, failed, timeout] })).toBe(false);
    expect(timedOutOnly({ Status: "healthy", FailingStreak: 0, Log: [timeout, passed] })).toBe(false);
    expect(timedOutOnly({ Status: "starting", FailingStreak: 0, Log: [] })).toBe(false);
    expect(timedOutOnly(undefined)).toBe(false);
  });
});
