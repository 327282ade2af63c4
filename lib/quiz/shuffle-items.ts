import { createHash } from "node:crypto";

/**
 * A stable shuffle of an ordering question's items: the same for every page load (so a reload doesn't reshuffle
 * under the learner) and never the correct order, which would give the answer away.
 */
export function shuffleItems<T extends { id: string }>(items: T[], seed: string): T[] {
  const rank = (item: T) => createHash("sha256").update(`${seed}\0${item.id}`).digest("hex");
  const shuffled = [...items].sort((a, b) => rank(a).localeCompare(rank(b)));
  if (items.length > 1 && shuffled.every((item, i) => item.id === items[i]!.id)) {
    // Rotating by one moves every item, so the result cannot match the key.
    shuffled.push(shuffled.shift()!);
  }
  return shuffled;
}
