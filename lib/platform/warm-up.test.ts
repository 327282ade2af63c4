import { describe, expect, it } from "vitest";
import { NOTHING_WARMING, type PartStanding, type WarmUp, warmUpOf } from "./warm-up";
import { gradingWaits, labsWait, warmUpNotice } from "./warm-up-notice";

const standing = (state: PartStanding["state"], detail: string | null = null): PartStanding => ({
  state,
  detail,
  seconds: 12,
});
const warmUp = (parts: WarmUp["parts"]): WarmUp => ({
  warming: Object.values(parts).some((p) => p?.state === "warming"),
  parts,
});

describe("the warm-up as stored", () => {
  it("is warming while any part is, each part keyed by name", () => {
    expect(
      warmUpOf([
        { part: "baseImages", ...standing("warming", "python:3.11-slim: docker commit") },
        { part: "labHost", ...standing("ready") },
      ]),
    ).toEqual({
      warming: true,
      parts: { baseImages: standing("warming", "python:3.11-slim: docker commit"), labHost: standing("ready") },
    });
    expect(warmUpOf([{ part: "labHost", ...standing("failed", "apt-get: 503") }]).warming).toBe(false);
    expect(warmUpOf([])).toEqual(NOTHING_WARMING);
  });
});

describe("what waits on the warm-up", () => {
  it("holds gradings while the images are warming or failed, never for the lab host alone", () => {
    expect(gradingWaits(warmUp({ baseImages: standing("warming") }))).toBe(true);
    expect(gradingWaits(warmUp({ baseImages: standing("failed") }))).toBe(true);
    expect(gradingWaits(warmUp({ baseImages: standing("ready"), labHost: standing("warming") }))).toBe(false);
    // A platform not run by npm start records nothing: nothing waits on a warm-up.
    expect(gradingWaits(NOTHING_WARMING)).toBe(false);
  });

  it("holds labs for the images (a lab loads them) and for the lab host", () => {
    expect(labsWait(warmUp({ baseImages: standing("ready"), labHost: standing("warming") }))).toBe(true);
    expect(labsWait(warmUp({ baseImages: standing("warming"), labHost: standing("off") }))).toBe(true);
    expect(labsWait(warmUp({ baseImages: standing("ready"), labHost: standing("off") }))).toBe(false);
  });
});

describe("the notice on an exercise or lab page", () => {
  it("says the work is queued, not refused, while the images are prepared", () => {
    const preparing = warmUp({ baseImages: standing("warming"), labHost: standing("ready") });
    expect(warmUpNotice("exercise", preparing)).toBe(
      "Images are still being prepared (the platform has just started); your submission is queued and will be " +
        "graded when they are ready.",
    );
    expect(warmUpNotice("lab", preparing)).toContain("you can start your lab now: it is queued and will start");
  });

  it("says grading waits on the operator when preparing failed", () => {
    const failed = warmUp({ baseImages: standing("failed", "pgvector-debootstrap failed on every try") });
    expect(warmUpNotice("exercise", failed)).toMatch(/stopped on an error.*your submission is queued/);
  });

  it("says nothing once nothing waits", () => {
    const ready = warmUp({ baseImages: standing("ready"), labHost: standing("warming") });
    expect(warmUpNotice("exercise", ready)).toBeUndefined();
    expect(warmUpNotice("lab", warmUp({ baseImages: standing("ready"), labHost: standing("ready") }))).toBeUndefined();
  });
});
