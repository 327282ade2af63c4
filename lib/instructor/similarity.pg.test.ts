import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { df } from "../grading/static/testing/check-fixture";

let db: pg.Pool;
let drop: () => Promise<void>;
let similarity: typeof import("./similarity");
let staffScope: typeof import("../access/staff-scope").staffScope;

// first-image: the starter is a comment and `FROM python:3.11-slim`; the solution adds WORKDIR /srv, COPY app/,
// RUN python -m compileall and CMD ["python", "app/main.py"].
const EXERCISE = "first-image";

const ORIGINAL = df`
  FROM python:3.11-slim
  RUN useradd --create-home --uid 10001 predictor
  ENV MODEL_DIR=/opt/model PYTHONDONTWRITEBYTECODE=1
  WORKDIR $MODEL_DIR
  COPY --chown=predictor:predictor app/ ./app/
  RUN python -m compileall -q app && chmod -R a-w app
  USER predictor
  HEALTHCHECK CMD python -c "import app.main" || exit 1
  CMD ["python", "app/main.py"]
`;

// Alice's file with its comments, spacing, case and names changed.
const DISGUISED = df`
  # My Dockerfile
  from python:3.11-slim
  run useradd --create-home --uid 10001 svc
  env BASE=/opt/model   PYTHONDONTWRITEBYTECODE=1

  workdir \${BASE}
  copy --chown=svc:svc app/ ./app/
  # compile and protect the code
  run python -m compileall -q app \
      && chmod -R a-w app
  user svc
  healthcheck CMD python -c "import app.main" || exit 1
  cmd [ "python", "app/main.py" ]
`;

// Two honest answers that start from the starter, follow the lesson and the solution, and both add a common fix
// (PYTHONUNBUFFERED): 63% alike by plain Jaccard, 42% once the starter's and the solution's lines count a tenth.
const HONEST_ONE = df`
  # Start from the slim Python base image, copy the app in, and run it.
  FROM python:3.11-slim
  ENV PYTHONUNBUFFERED=1
  WORKDIR /srv
  COPY app/ ./app/
  RUN python -m compileall -q app
  USER nobody
  CMD ["python", "app/main.py"]
`;
const HONEST_TWO = df`
  # Start from the slim Python base image, copy the app in, and run it.
  FROM python:3.11-slim
  ENV PYTHONUNBUFFERED=1
  WORKDIR /srv
  COPY app/ ./app/
  RUN python -m compileall -q app && ls -la app
  CMD ["python", "app/main.py"]
`;
const DAVE_NOW = df`
  FROM python:3.11-slim
  COPY app/main.py /main.py
  ENTRYPOINT ["python", "/main.py"]
`;

async function submission(id: string, user: string, dockerfile: string, minutesAgo: number, regradeOf?: string) {
  const files = [
    { path: "Dockerfile", content: dockerfile },
    { path: "app/main.py", content: 'print("prediction: 1")\n' },
  ];
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, $4::jsonb, 'passed', $5, (now() AT TIME ZONE 'UTC') - make_interval(mins => $6))`,
    [id, user, EXERCISE, JSON.stringify(files), regradeOf ?? null, minutesAgo],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("similarity");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  similarity = await import("./similarity");
  ({ staffScope } = await import("../access/staff-scope"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "alice", name: "Alice Archer" },
    { id: "bob", name: "Bob Baker" },
    { id: "carol" },
    { id: "dave" },
    { id: "erin" },
    { id: "olga", name: "Olga Outside" },
    { id: "ivan", role: "instructor" },
    { id: "oscar", role: "instructor" },
    { id: "ada", role: "admin" },
  ]);
  await db.query(
    `INSERT INTO class (id, name, term) VALUES ('ivans', 'Ivan''s', 'Fall'), ('oscars', 'Oscar''s', 'Fall')`,
  );
  const members: [string, string, string][] = [
    ["ivans", "ivan", "instructor"],
    ["ivans", "alice", "learner"],
    ["ivans", "bob", "learner"],
    ["ivans", "carol", "learner"],
    ["ivans", "dave", "learner"],
    ["ivans", "erin", "learner"],
    ["oscars", "oscar", "instructor"],
    ["oscars", "olga", "learner"],
  ];
  for (const [classId, userId, role] of members) {
    await db.query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'test')`,
      [classId, userId, role],
    );
  }
  await submission("alice-1", "alice", HONEST_TWO, 90);
  await submission("alice-2", "alice", ORIGINAL, 60);
  await submission("bob-1", "bob", DISGUISED, 30);
  await submission("carol-1", "carol", HONEST_ONE, 50);
  await submission("erin-1", "erin", HONEST_TWO, 40);
  // An instructor's re-grade of Erin's attempt is newer, but it is not her submission: its files must not count.
  await submission("erin-1-regrade", "erin", ORIGINAL, 5, "erin-1");
  // Dave once submitted Alice's file word for word, then wrote his own: only his latest counts.
  await submission("dave-1", "dave", ORIGINAL, 20);
  await submission("dave-2", "dave", DAVE_NOW, 10);
  // Olga, in another instructor's class, has Alice's file exactly.
  await submission("olga-1", "olga", ORIGINAL, 15);
  // The instructor's own try is not a learner's work.
  await submission("ivan-1", "ivan", ORIGINAL, 1);
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

const report = async (user: { id: string; role: "instructor" | "admin" }, classId: string | null) =>
  similarity.similarityReport(await staffScope(user), EXERCISE, classId);
const ivan = { id: "ivan", role: "instructor" } as const;
const clusterIds = (r: Awaited<ReturnType<typeof report>>) => r.clusters.map((c) => c.learners.map((l) => l.id).sort());

describe("similarityReport", () => {
  it("clusters a copied and disguised pair, and shows the original files in the diff", async () => {
    const r = await report(ivan, null);
    expect(clusterIds(r)).toEqual([["alice", "bob"]]);
    const [cluster] = r.clusters;
    expect(cluster!.identical).toBe(true);
    expect(cluster!.pairs).toEqual([{ a: "alice", b: "bob", score: 1 }]);
    // The earlier submission is the diff's first side; the raw files show the renamed user.
    expect([cluster!.diff.from.id, cluster!.diff.to.id]).toEqual(["alice", "bob"]);
    expect(cluster!.diff.from.submissionId).toBe("alice-2");
    const lines = cluster!.diff.files.flatMap((f) => f.hunks.flatMap((h) => h.lines));
    expect(lines).toContainEqual(expect.objectContaining({ kind: "add", text: "user svc" }));
    expect(lines).toContainEqual(expect.objectContaining({ kind: "remove", text: "USER predictor" }));
  });

  it("does not cluster two independent answers that both follow the starter", async () => {
    const r = await report(ivan, null);
    expect(r.learners).toBe(5);
    for (const ids of clusterIds(r)) {
      expect(ids).not.toContain("carol");
      expect(ids).not.toContain("erin");
    }
  });

  it("reads each learner's latest own submission: older ones and re-grades are ignored", async () => {
    const r = await report(ivan, null);
    // Dave's older copy of Alice's file and the re-grade row holding it for Erin would each join Alice's cluster.
    expect(clusterIds(r).flat()).not.toContain("dave");
    expect(clusterIds(r).flat()).not.toContain("erin");
    expect(r.clusters[0]!.learners.map((l) => l.submissionId).sort()).toEqual(["alice-2", "bob-1"]);
  });

  it("never shows a learner outside the staff member's classes", async () => {
    expect(clusterIds(await report(ivan, null)).flat()).not.toContain("olga");
    expect(clusterIds(await report(ivan, "ivans")).flat()).not.toContain("olga");
    // A class Ivan does not teach shows nobody, rather than its learners.
    const other = await report(ivan, "oscars");
    expect(other.classFilter).toBe("not-taught");
    expect(other.learners).toBe(0);
    expect(other.clusters).toEqual([]);
    // An admin looking at everyone sees Olga's exact copy join the cluster (and the instructor's own try does not).
    const all = await report({ id: "ada", role: "admin" }, null);
    expect(clusterIds(all)).toEqual([["alice", "bob", "olga"]]);
    expect(all.learners).toBe(6);
  });

  it("narrows to one taught class", async () => {
    const r = await report(ivan, "ivans");
    expect(r.classFilter).toEqual({ id: "ivans", name: "Ivan's", term: "Fall" });
    expect(clusterIds(r)).toEqual([["alice", "bob"]]);
  });

  it("is NOT_FOUND for an exercise the course does not have", async () => {
    await expect(similarity.similarityReport(await staffScope(ivan), "no-such-exercise", null)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
