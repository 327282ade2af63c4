/**
 * Reads the built service's answer to GET marker: JSON with one entry per stateful service, the value that service
 * holds (null when it holds none). Every stateful service is judged on its own, so one store that kept the marker
 * cannot hide another that lost it.
 */
export type MarkerReading = { ok: true; held: Map<string, unknown> } | { ok: false; problem: string };

export function readMarkers(body: string, services: readonly string[]): MarkerReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, problem: "the answer is not JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: "the answer is not a JSON object" };
  const report = parsed as Record<string, unknown>;
  const held = new Map<string, unknown>();
  for (const service of services) held.set(service, report[service] ?? null);
  return { ok: true, held };
}

/** The stateful services whose reading is not what it should be: the marker (kept) or anything else (removed). */
export function servicesWrong(reading: Map<string, unknown>, marker: string, shouldHold: boolean): string[] {
  return [...reading].filter(([, value]) => (value === marker) !== shouldHold).map(([service]) => service);
}

/** How a reading shows in a finding: what the service answered, briefly. */
export function describeHeld(value: unknown): string {
  if (value === null) return "nothing";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}
