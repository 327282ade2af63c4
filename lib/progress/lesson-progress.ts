import "server-only";
import { prisma } from "../db/client";

export async function recordLessonView(userId: string, lessonSlug: string): Promise<void> {
  // INSERT … ON CONFLICT DO NOTHING: two tabs opening the same lesson at once must not fail on the unique key, as
  // a read-then-insert upsert does.
  await prisma().lessonProgress.createMany({ data: [{ userId, lessonSlug }], skipDuplicates: true });
}

/** A quiz answered: the lesson is viewed, and completed once every answer was right (a later miss keeps it). */
export async function recordQuizOutcome(userId: string, lessonSlug: string, allRight: boolean): Promise<void> {
  const now = new Date();
  await prisma().lessonProgress.upsert({
    where: { userId_lessonSlug: { userId, lessonSlug } },
    create: { userId, lessonSlug, completedAt: allRight ? now : null },
    update: allRight ? { completedAt: now } : {},
  });
}

export async function lessonProgressFor(userId: string, lessonSlug: string) {
  const [progress, lastAttempt] = await Promise.all([
    prisma().lessonProgress.findUnique({ where: { userId_lessonSlug: { userId, lessonSlug } } }),
    prisma().quizAttempt.findFirst({
      where: { userId, lessonSlug },
      orderBy: { createdAt: "desc" },
      select: { correct: true, total: true },
    }),
  ]);
  return { completed: !!progress?.completedAt, lastAttempt: lastAttempt ?? undefined };
}

export async function completedLessons(userId: string): Promise<Set<string>> {
  const rows = await prisma().lessonProgress.findMany({
    where: { userId, completedAt: { not: null } },
    select: { lessonSlug: true },
  });
  return new Set(rows.map((r) => r.lessonSlug));
}
