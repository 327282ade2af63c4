import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { requireTaughtClass, staffScope, taughtClass } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import type { Prisma } from "../generated/prisma/client";
import { copyRubrics } from "../rubrics/rubrics";
import { assignableItems } from "./assignments";
import { newJoinCode } from "./classes";
import { type CopyClassInput, copyClassSchema } from "./copy-class-input";
import { ASSIGNMENT_COLUMNS, CLASS_COLUMNS, type ColumnCopy } from "./copy-columns";

/**
 * The next term in one step: a new class with a taught class's settings, assignments (each date shifted by whole days
 * in the copier's time zone, term-shift.ts) and rubrics, and with `copyStaff` its other staff. For its staff who may
 * create classes; they become its instructor. Not copied: learners, invitations, LMS links (copy-columns.ts decides
 * each column). A new join code; one transaction.
 */

export type CopySource = NonNullable<Awaited<ReturnType<typeof copySource>>>;

/**
 * What the copy form shows of the class: its assignments soonest due first, how many other staff `copyStaff` brings,
 * and whether it is linked to an LMS; null when the person may not copy it.
 */
export async function copySource(user: Pick<CurrentUser, "id" | "role">, classId: string) {
  const scope = await staffScope(user);
  if (!scope.canCreateClasses || !taughtClass(scope, classId)) return null;
  const q = typedSql(pool());
  const linked = sql<boolean>`EXISTS (SELECT 1 FROM lti_context x WHERE x."classId" = c.id)
    OR EXISTS (SELECT 1 FROM lti_link l WHERE l."classId" = c.id)`;
  const otherStaff = sql<number>`(SELECT count(*)::int FROM class_member m
    WHERE m."classId" = c.id AND m.role IN ('instructor', 'ta') AND m."userId" <> ${user.id})`;
  const [head, rows, items] = await Promise.all([
    q
      .selectFrom("class as c")
      .select(["c.name", "c.term", linked.as("linked"), otherStaff.as("otherStaff")])
      .where("c.id", "=", classId)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom("assignment")
      .select(["kind", "itemSlug", "opensAt", "dueAt"])
      .where("classId", "=", classId)
      .orderBy("dueAt")
      .orderBy("id")
      .execute(),
    assignableItems(),
  ]);
  const titles = new Map(items.map((i) => [`${i.kind}:${i.slug}`, i.title]));
  const assignments = rows.map((a) => ({
    title: titles.get(`${a.kind}:${a.itemSlug}`) ?? a.itemSlug,
    opensAt: a.opensAt?.toISOString() ?? null,
    dueAt: a.dueAt.toISOString(),
  }));
  return { classId, ...head, assignments };
}

/** `INSERT … SELECT` of one row of `table`, column by column as `plan` says; every value is a parameter. */
async function copyRow(
  tx: Prisma.TransactionClient,
  table: "class" | "assignment",
  plan: Record<string, ColumnCopy>,
  given: Record<string, string>,
  shift: Pick<CopyClassInput, "days" | "timeZone"> | null,
  sourceId: string,
): Promise<void> {
  const values: unknown[] = [];
  const param = (value: unknown, cast: string) => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };
  const columns: string[] = [];
  const selects: string[] = [];
  for (const [column, how] of Object.entries(plan)) {
    if (how === "default") continue;
    const quoted = `"${column}"`;
    columns.push(quoted);
    if (how === "copy") selects.push(quoted);
    else if (how === "now") selects.push("CURRENT_TIMESTAMP");
    else if (how === "given") {
      if (!(column in given)) throw new Error(`copying ${table}: no value given for "${column}"`);
      selects.push(param(given[column], "text"));
    } else {
      if (!shift) throw new Error(`copying ${table}: "${column}" is shifted, but no shift was given`);
      // The columns hold UTC without a zone: as UTC, to the copier's wall clock, moved by whole days there (so a
      // daylight-saving change between keeps the time of day), and back to UTC.
      const zone = param(shift.timeZone, "text");
      selects.push(
        `(((${quoted} AT TIME ZONE 'UTC') AT TIME ZONE ${zone}) + make_interval(days => ${param(shift.days, "int")}))` +
          ` AT TIME ZONE ${zone} AT TIME ZONE 'UTC'`,
      );
    }
  }
  const text =
    `INSERT INTO "${table}" (${columns.join(", ")}) SELECT ${selects.join(", ")} FROM "${table}" ` +
    `WHERE id = ${param(sourceId, "text")}`;
  await tx.$executeRawUnsafe(text, ...values);
}

/** Copies the class to a new one for the next term (see above); the new class's id and what was copied. */
export async function copyClass(user: CurrentUser, classId: string, body: unknown) {
  const scope = await staffScope(user);
  const taught = requireTaughtClass(scope, classId);
  if (!scope.canCreateClasses)
    throw new RequestError(
      "FORBIDDEN",
      `Only instructors can create classes, so copying ${taught.name} to a new class is for its instructors.`,
    );
  const input: CopyClassInput = parseInput(copyClassSchema, body);
  return prisma().$transaction(async (tx) => {
    // The browser's zone names (Intl's) and PostgreSQL's come from different copies of the tz database.
    // A SELECT's count of rows is what $executeRaw answers: none when PostgreSQL does not know the zone.
    if ((await tx.$executeRaw`SELECT 1 FROM pg_timezone_names WHERE name = ${input.timeZone}`) === 0)
      throw new RequestError("BAD_REQUEST", `The time zone ${input.timeZone} is not one the database knows.`, {
        field: "timeZone",
      });
    const source = await tx.class.findUniqueOrThrow({ where: { id: classId }, select: { name: true } });
    const id = randomUUID();
    const given = { id, name: input.name, term: input.term, joinCode: newJoinCode(), createdById: user.id };
    await copyRow(tx, "class", CLASS_COLUMNS, given, null, classId);
    await tx.classMember.create({ data: { classId: id, userId: user.id, role: "instructor", source: "staff" } });
    const staff = input.copyStaff
      ? await tx.$executeRaw`
          INSERT INTO class_member ("classId", "userId", role, source)
          SELECT ${id}, "userId", role, 'staff' FROM class_member
           WHERE "classId" = ${classId} AND role IN ('instructor', 'ta') AND "userId" <> ${user.id}`
      : 0;
    const assignments = await tx.assignment.findMany({
      where: { classId },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    for (const from of assignments) {
      const copyId = randomUUID();
      await copyRow(tx, "assignment", ASSIGNMENT_COLUMNS, { id: copyId, classId: id }, input, from.id);
      await copyRubrics(tx, from.id, copyId);
    }
    await recordAdminAction(tx, user, {
      action: "class_created",
      target: { id, label: input.name },
      details: {
        term: input.term,
        copiedFrom: { classId, className: source.name, assignments: assignments.length, days: input.days },
      },
    });
    return { id, name: input.name, assignments: assignments.length, days: input.days, staff };
  });
}
