import { gradeFiles } from "../cli/grade-command";
import { type Memoised, memoised } from "../remembered/pass-memo";
import type { Exercise, Lab } from "./lib";
import { verificationKey, verificationName } from "./verification-key";
import { type ExerciseVerification, verifyExercise } from "./verify-exercise";
import { type LabVerification, type VerifyLabOptions, verifyLab } from "./verify-lab";

export interface RememberedOptions {
  /** The module that runs the verification (its import graph is part of the key): the caller's own file. */
  entry: string;
  /** The checkout the entry belongs to, when it is not this one. */
  root?: string;
  log?: (line: string) => void;
  /** Told, before it runs, why the verification runs rather than being recalled. */
  onRun?: (why: string) => void;
}

/**
 * An exercise's verification (verify-exercise.ts), graded for real unless it passed on this machine under the same
 * key: the one way `npm test` and `npm run verify-exercises` run it.
 */
export async function verifyExerciseRemembered(
  exercise: Exercise,
  options: RememberedOptions,
): Promise<Memoised<ExerciseVerification>> {
  const subject = { kind: "exercise", slug: exercise.slug, dir: exercise.dir, ...options } as const;
  const memo = { onRun: options.onRun };
  return memoised(
    verificationName(subject),
    await verificationKey(subject),
    async () => {
      const report = await verifyExercise(exercise, (files, label, graded) => {
        options.log?.(`[verify] ${exercise.slug}/${label} …`);
        return gradeFiles(graded, files, { err: () => {}, scope: { tool: "verify-exercises" } });
      });
      return { report, ok: report.ok };
    },
    memo,
  );
}

/** A lab's verification (verify-lab.ts), run for real unless it passed on this machine under the same key. */
export async function verifyLabRemembered(
  lab: Lab,
  labOptions: VerifyLabOptions,
  options: RememberedOptions,
): Promise<Memoised<LabVerification>> {
  const subject = { kind: "lab", slug: lab.slug, dir: lab.dir, ...options } as const;
  const memo = { onRun: options.onRun };
  return memoised(
    verificationName(subject),
    await verificationKey(subject),
    async () => {
      const report = await verifyLab(lab, { log: options.log, ...labOptions });
      return { report, ok: report.ok };
    },
    memo,
  );
}
