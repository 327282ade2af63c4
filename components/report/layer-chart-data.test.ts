import { describe, expect, it } from "vitest";
import { barPercent, layerChart } from "./layer-chart-data";

const BASE = { createdBy: "# debian.sh", sizeBytes: 80_000_000, cached: false, fromBase: true };

describe("layerChart", () => {
  const chart = layerChart({
    sizeBytes: 131_000_000,
    layers: [
      BASE,
      { ...BASE, createdBy: "RUN apt-get install python3", sizeBytes: 30_000_000 },
      {
        createdBy: "RUN /bin/sh -c useradd app",
        sizeBytes: 1_000,
        cached: true,
        fromBase: false,
        instruction: "RUN useradd app",
        line: 3,
        wastedBytes: 0,
      },
      {
        createdBy: "RUN /bin/sh -c dd …",
        sizeBytes: 21_000_000,
        cached: false,
        fromBase: false,
        instruction: "RUN dd if=/dev/zero of=/opt/blob bs=1M count=20",
        line: 4,
        wastedBytes: 20_971_520,
      },
      { createdBy: "WORKDIR /srv", sizeBytes: 0, cached: false, fromBase: false, line: 5, wastedBytes: 0 },
    ],
  });

  it("groups the base image's layers into one bar and keeps the learner's layers apart", () => {
    expect(chart.base).toEqual({ count: 2, bytes: 110_000_000 });
    expect(chart.bars.map((b) => [b.number, b.label, b.line])).toEqual([
      [3, "RUN useradd app", 3],
      [4, "RUN dd if=/dev/zero of=/opt/blob bs=1M count=20", 4],
      [5, "WORKDIR /srv", 5],
    ]);
    expect(chart.scaleBytes).toBe(110_000_000);
  });

  it("sums the waste and lists every layer, base included, for the table", () => {
    expect(chart.wastedBytes).toBe(20_971_520);
    expect(chart.table.map((r) => [r.number, r.fromBase, r.cached, r.wastedBytes])).toEqual([
      [1, true, false, undefined],
      [2, true, false, undefined],
      [3, false, true, 0],
      [4, false, false, 20_971_520],
      [5, false, false, 0],
    ]);
  });

  it("groups nothing in a document that does not say which layers are the base's (version 1 and 2)", () => {
    const old = layerChart({
      sizeBytes: 10,
      layers: [
        { createdBy: "", sizeBytes: 6, cached: false },
        { createdBy: "COPY . .", sizeBytes: 4, cached: false },
      ],
    });
    expect(old.base).toBeUndefined();
    expect(old.bars.map((b) => [b.label, b.fromBase, b.wastedBytes])).toEqual([
      ["(no recorded instruction)", undefined, undefined],
      ["COPY . .", undefined, undefined],
    ]);
    expect(old.wastedBytes).toBe(0);
  });
});

describe("barPercent", () => {
  it("is a share of the widest bar, never invisible for a layer with bytes, zero for an empty one", () => {
    expect(barPercent(50, 200)).toBe(25);
    expect(barPercent(1, 1_000_000)).toBe(0.5);
    expect(barPercent(0, 100)).toBe(0);
  });
});
