/**
 * The build log cut into foldable sections: one per BuildKit step (`#5 [2/6] RUN …`, its output, then `#5 DONE 3.2s`,
 * `#5 CACHED` or `#5 ERROR: …`) and one per stretch of the runner's own text. Every non-empty line lands in exactly
 * one section; blank lines that only separate steps are dropped.
 */

export interface LogSection {
  /** Stable within one log: the section's position. */
  key: number;
  kind: "step" | "text";
  /** The section's first line as the log has it, e.g. "#5 [2/6] RUN pip install -r requirements.txt". */
  title: string;
  /** The lines after the title. */
  lines: string[];
  state: "running" | "done" | "cached" | "error" | "text";
  /** For a finished step, BuildKit's duration, e.g. "3.2s". */
  duration?: string;
}

const STEP_LINE = /^#(\d+) (.*)$/;
const STEP_END = /^(?:DONE (\d+(?:\.\d+)?s)|(CACHED)|(ERROR)\b.*)$/;
/** The runner's banner before a phase's kept output (sandbox-runner/pipeline/built-image-phases.ts). */
const PHASE_BANNER = /^---- .+ ----$/;

export function splitLog(log: string): LogSection[] {
  const sections: LogSection[] = [];
  // Steps are numbered per build, and the cache phase rebuilds: a number seen again after a blank line is a new step.
  let steps = new Map<number, LogSection>();
  let afterBlank = true;
  const open = (kind: LogSection["kind"], title: string): LogSection => {
    const section: LogSection = {
      key: sections.length,
      kind,
      title,
      lines: [],
      state: kind === "text" ? "text" : "running",
    };
    sections.push(section);
    return section;
  };

  for (const line of log.split("\n")) {
    if (line.trim() === "") {
      afterBlank = true;
      const last = sections.at(-1);
      // Blank lines inside the runner's text are part of its layout; between steps they are only separators.
      if (last?.kind === "text" && last.lines.length > 0) last.lines.push(line);
      continue;
    }
    const step = STEP_LINE.exec(line);
    if (step) {
      const number = Number(step[1]);
      const rest = step[2]!;
      const end = STEP_END.exec(rest);
      const known = steps.get(number);
      if (afterBlank && !end) {
        if (known) steps = new Map();
        steps.set(number, open("step", line));
      } else if (known) {
        known.lines.push(line);
        if (end) {
          known.state = end[1] ? "done" : end[2] ? "cached" : "error";
          if (end[1]) known.duration = end[1];
        }
      } else {
        // The start of this step was cut off (the log keeps at most 1 MiB): the section starts here.
        steps.set(number, open("step", line));
      }
    } else {
      const last = sections.at(-1);
      if (last?.kind === "text" && !PHASE_BANNER.test(line)) last.lines.push(line);
      else open("text", line);
      if (/^ERROR\b/.test(line)) sections.at(-1)!.state = "error";
    }
    afterBlank = false;
  }
  for (const section of sections) while (section.lines.at(-1)?.trim() === "") section.lines.pop();
  return sections;
}
