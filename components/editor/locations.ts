import type { CheckResult } from "@/lib/grading/result-schema";

/** A place in one of the exercise's files: what "Dockerfile:12" names. */
export type FileLine = { path: string; line: number };

/** "Dockerfile:12" or "requirements.txt:3"; undefined for what names no file line ("layer 3: RUN …"). */
export function parseLocation(location: string | undefined): FileLine | undefined {
  const match = /^([^\s:]+):(\d+)$/.exec(location?.trim() ?? "");
  if (!match) return undefined;
  const line = Number(match[2]);
  return line >= 1 ? { path: match[1]!, line } : undefined;
}

const PREFIXED = /^([^\s:]+:\d+): (.*)$/;

/** Every file line a check names, with its message: its location, or its "Dockerfile:3: …" message lines. */
export function checkLocations(check: CheckResult): (FileLine & { message: string })[] {
  const lines = check.message.split("\n");
  const prefixed = lines.map((l) => PREFIXED.exec(l));
  if (lines.length > 1 && prefixed.every(Boolean)) {
    return prefixed.flatMap((m) => {
      const at = parseLocation(m![1]);
      return at ? [{ ...at, message: m![2]! }] : [];
    });
  }
  const at = parseLocation(check.location);
  return at ? [{ ...at, message: check.message }] : [];
}
