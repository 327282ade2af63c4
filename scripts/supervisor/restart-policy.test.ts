import { describe, expect, it } from "vitest";
import { RestartPolicy } from "./restart-policy";

describe("restarting a part that died", () => {
  it("waits longer after each recent restart, up to a cap", () => {
    const policy = new RestartPolicy({ restarts: 10, windowMs: 600_000 });
    const delays = Array.from({ length: 7 }, (_, i) => policy.afterDeath(i * 1_000));
    expect(delays.map((d) => (d.restart ? d.delayMs : "gave up"))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("calls five restarts within a minute a crash loop, and stops restarting", () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 5; i++) expect(policy.afterDeath(i * 10_000).restart).toBe(true);
    expect(policy.afterDeath(50_000)).toEqual({ restart: false, restarts: 5, windowMs: 60_000 });
  });

  it("forgets restarts older than the window: a part that dies now and then is always restarted", () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 20; i++) {
      const decision = policy.afterDeath(i * 61_000);
      expect(decision).toEqual({ restart: true, delayMs: 500 });
    }
  });
});
