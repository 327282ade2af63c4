/** An item's points as staff and learners read them: "+6 points", "−2 points", "+1 point". */
export function signedPoints(points: number): string {
  const sign = points > 0 ? "+" : "−";
  return `${sign}${Math.abs(points)} ${Math.abs(points) === 1 ? "point" : "points"}`;
}
