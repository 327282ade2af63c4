import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../shared";
import type { VerificationKey, VerificationSubject } from "./verification-key";

const recordSchema = z.object({
  key: z.string(),
  subject: z.string(),
  passedAt: z.string(),
  seconds: z.number(),
});
export type VerificationRecord = z.infer<typeof recordSchema>;

export type MemoisedVerdict<R> =
  /** Ran now: the report, and whether it was remembered (only a pass is). */
  | { ran: true; report: R; ok: boolean }
  /** Passed before under the same key: nothing that can change the verdict has changed since. */
  | { ran: false; record: VerificationRecord };

/**
 * Runs a verification unless the same key passed before on this machine. Only passes are remembered: a failure
 * always runs again, so a flaky platform fault is never kept as a verdict, and a fixed exercise is proved by a real
 * run. The record is written whole (rename), so a run killed mid-write leaves nothing half-read.
 */
export async function memoisedVerification<R>(
  subject: Pick<VerificationSubject, "kind" | "slug">,
  key: VerificationKey,
  verify: () => Promise<{ report: R; ok: boolean }>,
  options: { dir?: string; fresh?: boolean } = {},
): Promise<MemoisedVerdict<R>> {
  const dir = options.dir ?? env().DOCKYARD_VERIFY_CACHE;
  const fresh = options.fresh ?? env().DOCKYARD_VERIFY_FRESH === "1";
  const file = recordFile(dir, subject, key);
  if (!fresh) {
    const record = await readRecord(file);
    if (record?.key === key.hash) return { ran: false, record };
  }
  const started = performance.now();
  const { report, ok } = await verify();
  if (ok) await rememberPass(subject, key, (performance.now() - started) / 1000, dir);
  return { ran: true, report, ok };
}

/** Records that the subject passed under this key (tests use it to stand for an earlier run). */
export async function rememberPass(
  subject: Pick<VerificationSubject, "kind" | "slug">,
  key: VerificationKey,
  seconds: number,
  dir = env().DOCKYARD_VERIFY_CACHE,
): Promise<void> {
  const file = recordFile(dir, subject, key);
  const record: VerificationRecord = {
    key: key.hash,
    subject: `${subject.kind}:${subject.slug}`,
    passedAt: new Date().toISOString(),
    seconds: Math.round(seconds * 10) / 10,
  };
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(record)}\n`);
  await rename(partial, file);
}

function recordFile(dir: string, subject: Pick<VerificationSubject, "kind" | "slug">, key: VerificationKey): string {
  return path.join(dir, subject.kind, `${subject.slug}-${key.hash}.json`);
}

async function readRecord(file: string): Promise<VerificationRecord | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return recordSchema.parse(JSON.parse(text));
  } catch {
    // A record that does not parse is as good as none: the verification runs and writes a good one.
    return undefined;
  }
}
