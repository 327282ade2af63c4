import "server-only";
import { sql } from "kysely";
import { learnersInView, type StaffScope, taughtClass } from "../access/staff-scope";
import { boundedName } from "../auth/account-limits";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { loadExercise, loadSolution } from "../exercises/load-exercise";
import { diffFileSets } from "../file-sets/file-diff";
import { SIMILARITY, similarityClusters } from "./similarity-clusters";

const DOCKERFILE = "Dockerfile";

export type SimilarityReport = Awaited<ReturnType<typeof similarityReport>>;
export type SimilarityClusterView = SimilarityReport["clusters"][number];
export type ComparedLearner = SimilarityClusterView["learners"][number];

/**
 * Clusters of learners whose final Dockerfiles for an exercise are unusually alike after normalisation, among the
 * learners the staff member sees (`classId` narrows to one class they teach; `classFilter` is "not-taught", with no
 * learners, for one they do not). A learner's final Dockerfile is their latest own submission (`submissionId`): a
 * re-grade is the platform's, not theirs. `learners` counts those with a Dockerfile, `nearReference` those too close
 * to the starter or the solution to compare; `hasDockerfile` is false when learners do not write the exercise's
 * Dockerfile. A cluster's pairs are by learner id, highest score first; its `diff` is the best pair's Dockerfiles as
 * submitted (names not replaced), earlier submission first. NOT_FOUND for an exercise the course lacks.
 */
export async function similarityReport(scope: StaffScope, slug: string, classId: string | null) {
  const exercise = await loadExercise(slug);
  const taught = classId === null ? undefined : taughtClass(scope, classId);
  const picked = taught && { id: taught.id, name: taught.name, term: taught.term };
  const classFilter = picked ?? (classId === null ? null : ("not-taught" as const));
  const base = { slug: exercise.slug, title: exercise.spec.title, classFilter, threshold: SIMILARITY.threshold };
  const hasDockerfile = exercise.spec.editable.includes(DOCKERFILE);
  const inView = await learnersInView(scope, classId);
  if (!hasDockerfile || (inView !== null && inView.length === 0)) {
    return { ...base, hasDockerfile, learners: 0, nearReference: 0, clusters: [] };
  }
  const [rows, solution] = await Promise.all([latestDockerfiles(exercise.slug, inView), loadSolution(exercise)]);
  const reference = [...exercise.starter, ...solution].filter((f) => f.path === DOCKERFILE).map((f) => f.content);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const learnerOf = (key: string) => {
    const r = byKey.get(key)!;
    return { id: r.userId, name: boundedName(r.name), submissionId: r.key, submittedAt: r.createdAt };
  };
  const result = similarityClusters(rows, reference);
  const clusters = result.clusters.map((cluster) => {
    const best = cluster.pairs[0]!;
    const [first, second] = [byKey.get(best.a)!, byKey.get(best.b)!].sort(
      (p, q) => p.createdAt.getTime() - q.createdAt.getTime(),
    );
    const fileSet = (row: { dockerfile: string }) => [{ path: DOCKERFILE, content: row.dockerfile }];
    return {
      learners: cluster.members.map(learnerOf),
      pairs: cluster.pairs.map((p) => ({ a: byKey.get(p.a)!.userId, b: byKey.get(p.b)!.userId, score: p.score })),
      identical: cluster.identical,
      diff: {
        from: learnerOf(first!.key),
        to: learnerOf(second!.key),
        score: best.score,
        files: diffFileSets(fileSet(first!), fileSet(second!)),
      },
    };
  });
  return { ...base, hasDockerfile, learners: rows.length, nearReference: result.nearReference.length, clusters };
}

/**
 * Each learner's latest own submission with its Dockerfile, oldest submission first. `learners` null means every
 * account whose role is learner (staff trying the exercise are not the class).
 */
async function latestDockerfiles(exercise: string, learners: string[] | null) {
  // The latest ids first, so only those rows' files are read (a file set can be megabytes).
  const dockerfile = sql<string>`jsonb_path_query_first(s.files, '$[*] ? (@.path == "Dockerfile").content') #>> '{}'`;
  return typedSql(pool())
    .with("latest", (db) =>
      db
        .selectFrom("submission as s")
        .innerJoin("user as u", "u.id", "s.userId")
        .distinctOn("s.userId")
        .select(["s.id", "u.name"])
        .where((eb) => eb.and({ "s.exerciseSlug": exercise, "s.regradeOfId": null }))
        .where(sql<boolean>`((${learners}::text[] IS NULL AND u.role = 'learner')
          OR s."userId" = ANY(${learners}::text[]))`)
        .orderBy(sql`s."userId", s."createdAt" DESC, s.id DESC`),
    )
    .with("f", (db) =>
      db
        .selectFrom("latest")
        .innerJoin("submission as s", "s.id", "latest.id")
        .select(["s.id as key", "s.userId", "latest.name", "s.createdAt", dockerfile.as("dockerfile")]),
    )
    .selectFrom("f")
    .selectAll()
    .where("dockerfile", "is not", null)
    .orderBy("createdAt")
    .orderBy("key")
    .execute();
}
