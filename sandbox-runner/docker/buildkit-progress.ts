import { z } from "zod";

/**
 * BuildKit's own record of one build step (a "vertex" of the build graph), as
 * `docker buildx build --progress rawjson` reports it. These records, not
 * the log text, are what the grader reasons on: whether a step was CACHED,
 * how long it ran, and which step failed with which error.
 */
export interface BuildStepRecord {
  /** The step's number in this build's log (`#7`), in the order steps started; 0 for one that never did. */
  number: number;
  digest: string;
  /** BuildKit's name for it, e.g. `[builder 3/6] RUN pip install -r requirements.txt`. */
  name: string;
  /**
   * Dockerfile steps only: the stage (`stage-1`, a stage name, or "" in a single-stage build), 1-based index,
   * count.
   */
  stage?: string;
  index?: number;
  total?: number;
  /** The instruction as BuildKit prints it, e.g. `RUN pip install -r requirements.txt`. */
  instruction?: string;
  cached: boolean;
  started?: string;
  completed?: string;
  durationMs?: number;
  error?: string;
  /** The step printed output: BuildKit ran it (a step reused from the cache prints nothing). */
  printed?: boolean;
}

const vertexSchema = z.object({
  digest: z.string(),
  name: z.string().default(""),
  started: z.string().optional(),
  completed: z.string().optional(),
  cached: z.boolean().optional(),
  error: z.string().optional(),
});

const statusSchema = z.object({
  vertexes: z.array(vertexSchema).nullish(),
  logs: z
    .array(z.object({ vertex: z.string(), data: z.string().default(""), timestamp: z.string().optional() }))
    .nullish(),
  warnings: z
    .array(z.object({ vertex: z.string().optional(), short: z.string().optional(), url: z.string().optional() }))
    .nullish(),
});

const STEP_NAME = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s;

/**
 * Reads the stderr of `docker buildx build --progress rawjson`: a stream of
 * pretty-printed JSON objects (each opening with a `{` line and closing with a
 * `}` line at column 0), followed by the CLI's own plain-text error summary.
 * Folds the objects into step records and renders the live log the learner
 * reads, in the shape of `--progress plain`: one `#N` block per step, its
 * output lines, then `#N CACHED`, `#N DONE 1.2s` or `#N ERROR: ...`.
 */
export class BuildProgress {
  private readonly records = new Map<string, BuildStepRecord>();
  private announced = 0;
  private readonly closed = new Set<string>();
  private pending = "";
  private object: string[] | undefined;
  private readonly trailerLines: string[] = [];

  constructor(private readonly onText: (text: string) => void) {}

  push(chunk: string): void {
    this.pending += chunk;
    for (let newline = this.pending.indexOf("\n"); newline >= 0; newline = this.pending.indexOf("\n")) {
      this.line(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
    }
  }

  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = "";
    if (this.object) this.text(this.object.join("\n"));
    this.object = undefined;
  }

  /** Every step seen, in log order (steps that never started last). */
  steps(): BuildStepRecord[] {
    return [...this.records.values()].sort((a, b) => (a.number || Infinity) - (b.number || Infinity));
  }

  /** The CLI's closing text (its error summary with the Dockerfile excerpt), if any. */
  trailer(): string {
    return this.trailerLines.join("\n");
  }

  private line(line: string): void {
    if (this.object) {
      this.object.push(line);
      if (line === "}") {
        const text = this.object.join("\n");
        this.object = undefined;
        this.status(text);
      }
      return;
    }
    if (line === "{") {
      this.object = [line];
      return;
    }
    this.text(line);
  }

  private text(line: string): void {
    this.trailerLines.push(line);
    this.onText(`${line}\n`);
  }

  private status(text: string): void {
    let parsed: z.infer<typeof statusSchema>;
    try {
      parsed = statusSchema.parse(JSON.parse(text));
    } catch {
      // Not BuildKit's status after all: keep it as text rather than lose it.
      for (const line of text.split("\n")) this.text(line);
      return;
    }
    for (const vertex of parsed.vertexes ?? []) this.vertex(vertex);
    for (const log of parsed.logs ?? []) {
      const record = this.records.get(log.vertex);
      if (!record) continue;
      this.announce(record);
      record.printed = true;
      const body = Buffer.from(log.data, "base64").toString("utf8");
      const elapsed =
        record.started && log.timestamp ? (Date.parse(log.timestamp) - Date.parse(record.started)) / 1000 : undefined;
      const prefix =
        elapsed === undefined || Number.isNaN(elapsed)
          ? `#${record.number}`
          : `#${record.number} ${elapsed.toFixed(3)}`;
      for (const out of body.replace(/\r?\n$/, "").split(/\r?\n/)) this.onText(`${prefix} ${out}\n`);
    }
    for (const warning of parsed.warnings ?? []) {
      const short = warning.short ? Buffer.from(warning.short, "base64").toString("utf8") : "";
      if (short) this.onText(`WARNING: ${short}\n`);
    }
  }

  /** Numbered as steps start, so the log reads #1, #2, ... top to bottom. */
  private announce(record: BuildStepRecord): void {
    if (record.number !== 0) return;
    record.number = ++this.announced;
    this.onText(`\n#${record.number} ${record.name}\n`);
  }

  private vertex(v: z.infer<typeof vertexSchema>): void {
    let record = this.records.get(v.digest);
    if (!record) {
      record = { number: 0, digest: v.digest, name: v.name, cached: false, ...parseStepName(v.name) };
      this.records.set(v.digest, record);
    }
    if (v.started) record.started = v.started;
    if (v.cached) record.cached = true;
    if (v.error) record.error = v.error;
    if (v.completed) {
      record.completed = v.completed;
      if (record.started) record.durationMs = Math.max(0, Date.parse(v.completed) - Date.parse(record.started));
    }
    if (v.started || v.cached || v.completed) this.announce(record);
    if (v.completed && !this.closed.has(v.digest)) {
      this.closed.add(v.digest);
      if (record.error) this.onText(`#${record.number} ERROR: ${record.error}\n`);
      else if (record.cached) this.onText(`#${record.number} CACHED\n`);
      else this.onText(`#${record.number} DONE ${((record.durationMs ?? 0) / 1000).toFixed(1)}s\n`);
    }
  }
}

/** `[builder 3/6] RUN ...` → stage "builder", index 3, total 6; `[2/4] COPY ...` → stage "". */
export function parseStepName(name: string): Pick<BuildStepRecord, "stage" | "index" | "total" | "instruction"> {
  const match = STEP_NAME.exec(name);
  if (!match) return {};
  return { stage: match[1] ?? "", index: Number(match[2]), total: Number(match[3]), instruction: match[4]! };
}

/** The `Dockerfile:12` BuildKit names in its error summary: the line of the instruction that failed. */
export function dockerfileLineOfError(trailer: string): number | undefined {
  const match = /^Dockerfile:(\d+)\s*$/m.exec(trailer);
  return match ? Number(match[1]) : undefined;
}
