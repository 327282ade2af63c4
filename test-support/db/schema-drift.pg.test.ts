import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareSchemas,
  DEFAULT_PRISMA_SCHEMA_PATH,
  expectedSchemaFromPrisma,
  findSchemaDrift,
  getDatamodel,
  introspectDatabase,
} from "./schema-drift";
import { createTestDatabase, type TestDatabase } from "./test-database";

const schemaText = readFileSync(DEFAULT_PRISMA_SCHEMA_PATH, "utf8");

async function sql(url: string, statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

function withSchemaParam(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("schema", schema);
  return u.toString();
}

describe("schema.prisma vs prisma/migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("drift");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("the committed migrations build exactly the database schema.prisma declares", async () => {
    const drift = await findSchemaDrift(db.url);
    expect(drift, `schema.prisma and prisma/migrations disagree:\n  ${drift.join("\n  ")}`).toEqual([]);
  });

  it(
    "compares something real: every model and enum of schema.prisma is in the " + "expected model and the database",
    async () => {
      const dm = getDatamodel(schemaText);
      const { schema: expected, unsupported } = expectedSchemaFromPrisma(schemaText);
      expect(unsupported).toEqual([]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const actual = await introspectDatabase(client);
        const tables = dm.models.map((m) => m.dbName ?? m.name).sort();
        expect(tables.length).toBeGreaterThanOrEqual(9);
        expect(Object.keys(expected.tables).sort()).toEqual(tables);
        expect(Object.keys(actual.tables).sort()).toEqual(tables);
        expect(Object.keys(actual.enums).sort()).toEqual(dm.enums.map((e) => e.dbName ?? e.name).sort());

        const count = (s: typeof expected, k: "columns" | "indexes" | "foreignKeys") =>
          Object.values(s.tables).reduce((n, t) => n + Object.keys(t[k]).length, 0);
        for (const k of ["columns", "indexes", "foreignKeys"] as const) {
          expect(count(actual, k), k).toBe(count(expected, k));
          expect(count(expected, k), k).toBeGreaterThan(0);
        }
        // Spot checks of the mapping rules on the real catalog.
        expect(actual.tables.submission_event!.columns.id).toEqual({
          type: "bigint",
          nullable: false,
          default: "nextval('submission_event_id_seq'::regclass)",
        });
        expect(actual.tables.user!.columns.role).toEqual({
          type: "Role",
          nullable: false,
          default: `'learner'::"Role"`,
        });
        expect(actual.tables.runner_heartbeat!.columns.queues).toEqual({
          type: "text[]",
          nullable: true,
          default: null,
        });
        expect(actual.tables.lesson_progress!.indexes.lesson_progress_userId_lessonSlug_key).toEqual(
          expected.tables.lesson_progress!.indexes.lesson_progress_userId_lessonSlug_key,
        );
        expect(compareSchemas(expected, actual)).toEqual([]);
      } finally {
        await client.end();
      }
    },
  );

  it("reports what schema.prisma declares but the database lacks", async () => {
    const changed = schemaText
      .replace(/(model RunnerHeartbeat \{\n)/, "$1  version     String?  @db.VarChar(32)\n")
      .replace("  admin\n}", "  admin\n  owner\n}")
      .replace("@@index([status])", "@@index([status, createdAt(sort: Desc)])")
      .replace(
        "submission   Submission @relation(fields: [submissionId], references: [id], onDelete: Cascade)",
        "submission   Submission @relation(fields: [submissionId], references: [id], onDelete: Restrict)",
      )
      .replace(/ {2}gpus +Int\n/, "  gpus Int @default(0)\n")
      .concat(
        `\nmodel Badge {\n  id    Int    @id @default(autoincrement())\n  label ` +
          `String @unique\n\n  @@map("badge")\n}\n`,
      );
    expect(changed).not.toBe(schemaText);

    expect(await findSchemaDrift(db.url, { schemaText: changed })).toEqual([
      `enum "Role" differs in values: schema.prisma has (learner, instructor, ` +
        `admin, owner), the database has (learner, instructor, admin)`,
      `table "badge" is declared in schema.prisma but missing from the database`,
      `column "runner_heartbeat"."gpus" differs in default: schema.prisma has 0, the database has no default`,
      `column "runner_heartbeat"."version" (character varying(32) NULL) is ` +
        `declared in schema.prisma but missing from the database`,
      `index "submission"."submission_status_createdAt_idx" INDEX ("status", ` +
        `"createdAt" DESC) is declared in schema.prisma but missing from the database`,
      `index "submission"."submission_status_idx" INDEX ("status") exists in the database but not in schema.prisma`,
      `foreign key "submission_event"."submission_event_submissionId_fkey" differs in definition: schema.prisma has ` +
        (`FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE ` +
          `RESTRICT ON UPDATE CASCADE, the database has `) +
        `FOREIGN KEY ("submissionId") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    ]);
  });
});

describe("the drift checker catches changes made to the database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("drift_mutated");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("reports exactly the stray and missing objects", async () => {
    expect(await findSchemaDrift(db.url)).toEqual([]);

    await sql(
      db.url,
      `ALTER TABLE "user" ADD COLUMN stray text;
       DROP INDEX "session_userId_idx";
       ALTER TABLE "submission" ALTER COLUMN "jobId" SET NOT NULL;
       ALTER TABLE "quiz_attempt" ALTER COLUMN "correct" SET DEFAULT 0;
       ALTER TABLE "quiz_attempt" ALTER COLUMN "total" TYPE bigint;
       ALTER TABLE "account" DROP CONSTRAINT "account_userId_fkey";
       ALTER TABLE "account" ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id")
         ON DELETE SET NULL ON UPDATE CASCADE;
       ALTER TYPE "SubmissionStatus" ADD VALUE 'cancelled';
       CREATE UNIQUE INDEX "verification_value_key" ON "verification"("value");
       ALTER TABLE "runner_heartbeat" ADD CONSTRAINT "runner_heartbeat_gpus_check" CHECK ("gpus" >= 0);
       CREATE TABLE "stray_table" ("id" integer);
       CREATE VIEW "stray_view" AS SELECT 1 AS one;`,
    );

    expect(await findSchemaDrift(db.url)).toEqual([
      `enum "SubmissionStatus" differs in values: schema.prisma has (queued, ` +
        `running, passed, failed, error, withdrawn), the database has (queued, running, ` +
        `passed, failed, error, withdrawn, cancelled)`,
      `foreign key "account"."account_userId_fkey" differs in definition: schema.prisma has ` +
        `FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE, the database has ` +
        `FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE`,
      `column "quiz_attempt"."correct" differs in default: schema.prisma has no default, the database has 0`,
      `column "quiz_attempt"."total" differs in type: schema.prisma has integer, the database has bigint`,
      `constraint "runner_heartbeat_gpus_check" (CHECK (gpus >= 0)) on table ` +
        `"runner_heartbeat" exists in the database but not in schema.prisma`,
      `index "session"."session_userId_idx" INDEX ("userId") is declared in ` +
        `schema.prisma but missing from the database`,
      `table "stray_table" (columns: "id") exists in the database but not in schema.prisma`,
      `column "submission"."jobId" differs in nullability: schema.prisma has NULL, the database has NOT NULL`,
      `column "user"."stray" (text NULL) exists in the database but not in schema.prisma`,
      `index "verification"."verification_value_key" UNIQUE INDEX ("value") ` +
        `exists in the database but not in schema.prisma`,
      `view "stray_view" exists in the database but not in schema.prisma`,
    ]);
  });
});

describe("the drift checker's mapping rules", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("drift_rules");
  });
  afterAll(async () => {
    await db?.drop();
  });

  // A schema exercising @map/@@map, enum @map, composite ids, native types, named
  // constraints, implicit many-to-many, and the SQL `prisma migrate dev` writes for it.
  const rulesSchema = `
datasource db {
  provider = "postgresql"
}

enum Colour {
  red   @map("RED")
  green
  @@map("colour")
}

model Team {
  id        Int        @id @default(autoincrement()) @map("team_id")
  slug      String     @unique @db.VarChar(40)
  colour    Colour     @default(red)
  tags      String[]   @default([])
  budget    Decimal    @default(0)
  members   Member[]
  projects  Project[]
  createdAt DateTime   @default(now()) @db.Timestamptz(6)

  @@map("teams")
}

model Member {
  teamId Int     @map("team_id")
  handle String
  email  String? @unique(map: "member_email_unique")
  lead   Boolean @default(false)
  team   Team    @relation(fields: [teamId], references: [id])
  mentorTeamId Int?
  mentor Team?   @relation("Mentor", fields: [mentorTeamId], references: [id], onDelete: NoAction, map: "member_mentor_fk")

  @@id([teamId, handle])
  @@index([handle(sort: Desc)], map: "member_handle_desc")
}

model Project {
  id    String @id @default(uuid()) @db.Uuid
  teams Team[]
}
`.replace("  projects  Project[]", '  projects  Project[]\n  mentees   Member[]  @relation("Mentor")');

  const rulesSql = `
CREATE TYPE "colour" AS ENUM ('RED', 'green');

CREATE TABLE "teams" (
    "team_id" SERIAL NOT NULL,
    "slug" VARCHAR(40) NOT NULL,
    "colour" "colour" NOT NULL DEFAULT 'RED',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "budget" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "teams_pkey" PRIMARY KEY ("team_id")
);

CREATE TABLE "Member" (
    "team_id" INTEGER NOT NULL,
    "handle" TEXT NOT NULL,
    "email" TEXT,
    "lead" BOOLEAN NOT NULL DEFAULT false,
    "mentorTeamId" INTEGER,
    CONSTRAINT "Member_pkey" PRIMARY KEY ("team_id","handle")
);

CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_ProjectToTeam" (
    "A" UUID NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_ProjectToTeam_AB_pkey" PRIMARY KEY ("A","B")
);

CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");
CREATE UNIQUE INDEX "member_email_unique" ON "Member"("email");
CREATE INDEX "member_handle_desc" ON "Member"("handle" DESC);
CREATE INDEX "_ProjectToTeam_B_index" ON "_ProjectToTeam"("B");

ALTER TABLE "Member" ADD CONSTRAINT "Member_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("team_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Member" ADD CONSTRAINT "member_mentor_fk" FOREIGN KEY ("mentorTeamId") REFERENCES "teams"("team_id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "_ProjectToTeam" ADD CONSTRAINT "_ProjectToTeam_A_fkey" FOREIGN KEY ("A") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "_ProjectToTeam" ADD CONSTRAINT "_ProjectToTeam_B_fkey" FOREIGN KEY ("B") REFERENCES "teams"("team_id") ON DELETE CASCADE ON UPDATE CASCADE;
`;

  it("agrees with Prisma-style SQL for @map, @@map, native types, named constraints and many-to-many", async () => {
    await sql(db.url, `CREATE SCHEMA rules; SET search_path TO rules; ${rulesSql}`);
    const url = withSchemaParam(db.url, "rules");
    expect(await findSchemaDrift(url, { schemaText: rulesSchema })).toEqual([]);

    // An optional relation without onDelete defaults to SET NULL, a required one to RESTRICT.
    const optional = rulesSchema.replace(
      "team   Team    @relation(fields: [teamId], references: [id])",
      "team   Team    @relation(fields: [teamId], references: [id], onDelete: SetNull)",
    );
    expect(await findSchemaDrift(url, { schemaText: optional })).toEqual([
      `foreign key "Member"."Member_team_id_fkey" differs in definition: schema.prisma has ` +
        (`FOREIGN KEY ("team_id") REFERENCES "teams"("team_id") ON DELETE SET NULL ` +
          `ON UPDATE CASCADE, the database has `) +
        `FOREIGN KEY ("team_id") REFERENCES "teams"("team_id") ON DELETE RESTRICT ON UPDATE CASCADE`,
    ]);
  });
});
