import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { loadExercise } from "../exercises/load-exercise";
import { type SubmittedFile, submittedFileSchema, validateFiles } from "../file-sets/validate-files";

export const draftRequestSchema = z.object({
  files: z.array(submittedFileSchema).max(1000),
  /** The revision the browser last saved or loaded; 0 when it knew of no draft. */
  baseRevision: z.number().int().min(0),
});

const storedFilesSchema = z.array(submittedFileSchema);

/** The learner's draft of an exercise, limited to the files the exercise lets them edit today. */
export async function loadDraft(userId: string, exerciseSlug: string) {
  const exercise = await loadExercise(exerciseSlug);
  const row = await prisma().draft.findUnique({ where: { userId_exerciseSlug: { userId, exerciseSlug } } });
  if (!row) return null;
  const editable = new Set(exercise.spec.editable);
  const files = storedFilesSchema.parse(row.files).filter((f) => editable.has(f.path));
  return { files, revision: row.revision, updatedAt: row.updatedAt };
}

/**
 * Saves the learner's files as their draft. The last write wins; the answer says whether it overwrote another's
 * (`changedElsewhere`: another tab or device saved after `baseRevision`).
 */
export async function saveDraft(userId: string, exerciseSlug: string, files: SubmittedFile[], baseRevision: number) {
  const exercise = await loadExercise(exerciseSlug);
  const stored = await store(userId, exercise.slug, validateFiles(files, exercise.spec.editable));
  return { ...stored, changedElsewhere: stored.revision - 1 !== baseRevision };
}

/**
 * Puts the starter files back. They are stored as the draft rather than the row deleted, because without a draft
 * the exercise page starts from the latest submission, and a reset must still hold after a reload.
 */
export async function resetDraft(userId: string, exerciseSlug: string) {
  const exercise = await loadExercise(exerciseSlug);
  return { files: exercise.starter, ...(await store(userId, exercise.slug, exercise.starter)) };
}

export type SavedDraft = Awaited<ReturnType<typeof saveDraft>>;

async function store(userId: string, exerciseSlug: string, files: SubmittedFile[]) {
  // One statement, so two tabs saving at once both get a revision and neither save is lost to a race.
  const updatedAt = new Date();
  const at = updatedAt.toISOString(); // Written as UTC, as Prisma writes it.
  const set = { files: sql`EXCLUDED.files`, revision: sql<number>`draft.revision + 1`, updatedAt: at };
  const { revision } = await typedSql(pool())
    .insertInto("draft")
    .values({ userId, exerciseSlug, files: JSON.stringify(files), revision: 1, updatedAt: at })
    .onConflict((oc) => oc.columns(["userId", "exerciseSlug"]).doUpdateSet(set))
    .returning("revision")
    .executeTakeFirstOrThrow();
  return { revision, updatedAt };
}
