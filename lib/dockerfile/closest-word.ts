/**
 * The known word nearest to a typo, for "did you mean"; undefined when none is
 * close enough. Short words get fewer edits, or "x" would "mean" every two-letter word.
 */
export function closestWord(word: string, known: readonly string[]): string | undefined {
  const maxDistance = Math.min(2, Math.max(1, Math.floor(word.length / 2)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= maxDistance ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
