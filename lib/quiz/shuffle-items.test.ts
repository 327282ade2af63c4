import { describe, expect, it } from "vitest";
import { shuffleItems } from "./shuffle-items";

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `item-${i}` }));
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe("shuffleItems", () => {
  it("never returns the correct order, for every size a quiz allows and many seeds", () => {
    for (let n = 2; n <= 8; n++) {
      const items = itemsOf(n);
      for (let s = 0; s < 200; s++) {
        const shuffled = shuffleItems(items, `quiz-${s}/question`);
        expect(ids(shuffled)).not.toEqual(ids(items));
        expect(ids(shuffled).sort()).toEqual(ids(items).sort());
      }
    }
  });

  it("is stable for a seed, so a reload shows the same order, and varies between seeds", () => {
    const items = itemsOf(6);
    expect(ids(shuffleItems(items, "a/b"))).toEqual(ids(shuffleItems(items, "a/b")));
    const orders = new Set(Array.from({ length: 20 }, (_, s) => ids(shuffleItems(items, `quiz/${s}`)).join()));
    expect(orders.size).toBeGreaterThan(10);
  });

  it("leaves the input untouched", () => {
    const items = itemsOf(4);
    shuffleItems(items, "x/y");
    expect(ids(items)).toEqual(["item-0", "item-1", "item-2", "item-3"]);
  });
});
