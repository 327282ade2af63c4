import { describe, expect, it } from "vitest";
import { computeWaste } from "./compute-waste";
import { dir, file, layers, opaque, whiteout } from "./testing/layer-fixtures";

const MB = 1_000_000;

describe("computeWaste", () => {
  it("counts a file deleted by a later layer as waste in the layer that added it", () => {
    const report = computeWaste(
      layers(
        { createdBy: "base", isBase: true, files: [dir("usr"), file("usr/bin/python3", 5 * MB)] },
        { createdBy: "RUN dd of=/big", files: [file("big", 20 * MB), file("keep", MB)] },
        { createdBy: "RUN rm /big", files: [whiteout("big")] },
      ),
    );
    expect(report.wastedBytes).toBe(20 * MB);
    expect(report.learnerBytes).toBe(21 * MB);
    expect(report.efficiency).toBeCloseTo(1 / 21);
    expect(report.items).toEqual([
      expect.objectContaining({
        layer: 1,
        hiddenBy: 2,
        how: "deleted",
        entry: expect.objectContaining({ path: "big" }),
      }),
    ]);
  });

  it("counts only the overwritten copy, never the surviving one", () => {
    const report = computeWaste(
      layers(
        { createdBy: "COPY model", files: [file("app/model.bin", 3 * MB)] },
        { createdBy: "RUN retrain", files: [dir("app"), file("app/model.bin", 4 * MB)] },
      ),
    );
    expect(report.wastedBytes).toBe(3 * MB);
    expect(report.items[0]).toMatchObject({ layer: 0, hiddenBy: 1, how: "overwritten" });
  });

  it("wastes everything under a deleted directory, across earlier learner layers", () => {
    const report = computeWaste(
      layers(
        {
          createdBy: "RUN a",
          files: [dir("cache"), file("cache/a", 2 * MB), dir("cache/sub"), file("cache/sub/b", MB)],
        },
        { createdBy: "RUN b", files: [dir("cache"), file("cache/c", MB)] },
        { createdBy: "RUN rm -rf /cache", files: [whiteout("cache")] },
      ),
    );
    expect(report.wastedBytes).toBe(4 * MB);
  });

  it("wastes what an opaque directory hides but not what the opaque layer writes", () => {
    const report = computeWaste(
      layers(
        { createdBy: "RUN a", files: [dir("out"), file("out/old", 2 * MB)] },
        { createdBy: "RUN b", files: [dir("out"), opaque("out"), file("out/new", MB)] },
      ),
    );
    expect(report.wastedBytes).toBe(2 * MB);
    expect(report.items.map((i) => i.entry.path)).toEqual(["out/old"]);
  });

  it("does not count base-layer files the learner deletes or overwrites: those bytes came with the base", () => {
    const report = computeWaste(
      layers(
        {
          createdBy: "base",
          isBase: true,
          files: [dir("usr"), file("usr/share/doc/big", 30 * MB), file("etc/conf", MB)],
        },
        { createdBy: "RUN rm -rf /usr/share/doc", files: [whiteout("usr/share/doc"), file("etc/conf", 100)] },
      ),
    );
    expect(report.wastedBytes).toBe(0);
    expect(report.efficiency).toBe(1);
  });

  it("is fully efficient when the learner adds nothing", () => {
    expect(computeWaste(layers({ createdBy: "base", isBase: true, files: [file("a", 10)] }))).toMatchObject({
      wastedBytes: 0,
      learnerBytes: 0,
      efficiency: 1,
    });
  });
});
