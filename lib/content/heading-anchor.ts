/** The anchor of a lesson heading, for the lesson's ids and the search's links alike. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-");
}

/** Hands out anchors in document order, suffixing repeats ("setup", "setup-1") so ids stay unique. */
export function anchorSequence(): (heading: string) => string {
  const used = new Map<string, number>();
  return (heading) => {
    const base = headingAnchor(heading) || "section";
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}
