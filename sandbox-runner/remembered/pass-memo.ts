import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { verifySettings } from "../verify/lib";
import type { InputKey } from "./input-key";

const recordSchema = z.object({
  key: z.string(),
  subject: z.string(),
  passedAt: z.string(),
  seconds: z.number(),
  /** How many tests passed, where the subject is a test file. */
  tests: z.number().int().optional(),
  /** The key's ingredients (InputKey.parts), so the next miss can say which of them changed. */
  parts: z.record(z.string(), z.string()).optional(),
});
export type PassRecord = z.infer<typeof recordSchema>;

export interface MemoOptions {
  /** Where records live (DOCKYARD_VERIFY_CACHE unless a test names its own). */
  dir?: string;
  /** Ignore what is remembered (DOCKYARD_VERIFY_FRESH=1). */
  fresh?: boolean;
  /** Told why the work runs (whyRun), before it does. */
  onRun?: (why: string) => void;
}

/**
 * Passes remembered by the key of their inputs (input-key.ts), on this machine, outside the clone. Only passes are
 * remembered: a failure always runs again, so a flaky platform fault is never kept as an outcome, and a fixed one
 * is proved by a real run. A record is written whole (rename), so a run killed mid-write leaves nothing half-read;
 * one that does not parse is as good as none.
 */
export async function recallPass(
  subject: string,
  key: InputKey,
  options: MemoOptions = {},
): Promise<PassRecord | undefined> {
  if (options.fresh ?? verifySettings().DOCKYARD_VERIFY_FRESH === "1") return undefined;
  const text = await readFile(recordFile(subject, key, options.dir), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const record = recordSchema.safeParse(safeJson(text));
  return record.success && record.data.key === key.hash && record.data.subject === subject ? record.data : undefined;
}

export type Memoised<R> =
  /** Ran now: the report, and whether it was remembered (only a pass is). */
  | { ran: true; report: R; ok: boolean; why: string }
  /** Passed before under the same key: nothing that can change the outcome has changed since. */
  | { ran: false; record: PassRecord };

/** Runs `work` unless the subject passed before under the same key; remembers it if it passes now. */
export async function memoised<R>(
  subject: string,
  key: InputKey,
  work: () => Promise<{ report: R; ok: boolean }>,
  options: MemoOptions = {},
): Promise<Memoised<R>> {
  const record = await recallPass(subject, key, options);
  if (record) return { ran: false, record };
  const why = await whyRun(subject, key, options);
  options.onRun?.(why);
  const started = performance.now();
  const { report, ok } = await work();
  if (ok) await rememberPass(subject, key, (performance.now() - started) / 1000, options.dir);
  return { ran: true, report, ok, why };
}

/**
 * Why the subject runs rather than being recalled, in words: which of the key's parts (code, content, engine,
 * images, node) differ from its newest pass on record. Said before it runs, so a CI that runs out of time still
 * shows what made it run everything.
 */
export async function whyRun(subject: string, key: InputKey, options: MemoOptions = {}): Promise<string> {
  if (options.fresh ?? verifySettings().DOCKYARD_VERIFY_FRESH === "1") return "a fresh run was asked for";
  const file = recordFile(subject, key, options.dir);
  const prefix = path.basename(file).slice(0, -`${key.hash}.json`.length);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  let newest: PassRecord | undefined;
  for (const name of names.filter((n) => n.startsWith(prefix) && n.endsWith(".json"))) {
    const text = await readFile(path.join(path.dirname(file), name), "utf8").catch(() => "");
    const parsed = recordSchema.safeParse(safeJson(text));
    if (!parsed.success || parsed.data.subject !== subject || !parsed.data.parts) continue;
    if (!newest || parsed.data.passedAt > newest.passedAt) newest = parsed.data;
  }
  if (!newest?.parts) return "no pass on record on this machine";
  const before = newest.parts;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(key.parts)])]
    .filter((part) => before[part] !== key.parts[part])
    .sort();
  return `changed since its pass at ${newest.passedAt}: ${changed.join(", ") || "nothing it records"}`;
}

/** Records that the subject passed under this key, having taken `seconds` (and passed `tests` tests). */
export async function rememberPass(
  subject: string,
  key: InputKey,
  seconds: number,
  dir?: string,
  tests?: number,
): Promise<void> {
  const file = recordFile(subject, key, dir);
  const record: PassRecord = {
    key: key.hash,
    subject,
    passedAt: new Date().toISOString(),
    seconds: Math.round(seconds * 10) / 10,
    ...(tests === undefined ? {} : { tests }),
    parts: key.parts,
  };
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(record)}\n`);
  await rename(partial, file);
}

/** `exercise:first-image` → <dir>/exercise/first-image-<key>.json; a path's slashes become `__`. */
function recordFile(subject: string, key: InputKey, dir = verifySettings().DOCKYARD_VERIFY_CACHE): string {
  const [kind = "other", ...rest] = subject.split(":");
  const name = rest
    .join(":")
    .replaceAll("/", "__")
    .replace(/[^\w.-]/g, "_");
  return path.join(dir, kind, `${name}-${key.hash}.json`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
