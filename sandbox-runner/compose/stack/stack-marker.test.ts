import { describe, expect, it } from "vitest";
import { describeHeld, readMarkers, servicesWrong } from "./stack-marker";

const services = ["vectors", "cache", "notebook"];

describe("readMarkers", () => {
  it("reads one value per stateful service, null for a service the answer leaves out", () => {
    const reading = readMarkers(JSON.stringify({ vectors: "m1", cache: null, extra: "m1" }), services);
    expect(reading).toEqual({
      ok: true,
      held: new Map<string, unknown>([
        ["vectors", "m1"],
        ["cache", null],
        ["notebook", null],
      ]),
    });
  });

  it("refuses an answer that is not a JSON object", () => {
    expect(readMarkers("m1", services)).toEqual({ ok: false, problem: "the answer is not JSON" });
    expect(readMarkers('["m1"]', services)).toEqual({ ok: false, problem: "the answer is not a JSON object" });
  });
});

describe("servicesWrong", () => {
  const held = new Map<string, unknown>([
    ["vectors", "m1"],
    ["cache", "m1"],
    ["notebook", null],
  ]);

  it("after down and up, names only the service that lost the marker", () => {
    expect(servicesWrong(held, "m1", true)).toEqual(["notebook"]);
  });

  it("after down -v, names every service that still holds it", () => {
    expect(servicesWrong(held, "m1", false)).toEqual(["vectors", "cache"]);
  });

  it("counts an error text or another marker as not holding this one", () => {
    const other = new Map<string, unknown>([
      ["vectors", "error: connection refused"],
      ["cache", "m0"],
    ]);
    expect(servicesWrong(other, "m1", true)).toEqual(["vectors", "cache"]);
    expect(servicesWrong(other, "m1", false)).toEqual([]);
  });
});

describe("describeHeld", () => {
  it("says nothing for null and quotes and shortens the rest", () => {
    expect(describeHeld(null)).toBe("nothing");
    expect(describeHeld("error: refused")).toBe('"error: refused"');
    expect(describeHeld("x".repeat(200))).toBe(`"${"x".repeat(120)}..."`);
  });
});
