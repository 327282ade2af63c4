import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { loadExercise } from "../exercises/load-exercise";
import { labTasksDone } from "../labs/lab-progress";
import { loadLab } from "../labs/load-lab";
import { assertMayAct } from "../learner-access/learner-access";
import { liveSessions } from "../sessions/own-session";
import { notifySessionControl } from "../sessions/session-store";
import { latestSubmission } from "../submissions/get-submission";
import { loadAttempt } from "../submissions/history";
import { HELP_LIMITS } from "./help-limits";
import type { AskForHelp, ExerciseSnapshot, HelpRequestView, LabSnapshot } from "./help-protocol";
import { ENGINE_WAITING, helpRequestRow, helpRequestViews } from "./help-rows";
import { openRequestCount } from "./help-threads";
import { lastChars, plainTerminalText } from "./terminal-text";

/**
 * "Ask for help": a learner's question to their class's staff with a snapshot of where they stand: a lab's tasks,
 * terminal output and (filled in by its host when open) engine, or an exercise's attempt and failed checks.
 */
export async function askForHelp(user: Pick<CurrentUser, "id">, body: AskForHelp): Promise<HelpRequestView> {
  // Asking staff is help too (closed while a timed assessment runs), and needs a class with staff to read it.
  await assertMayAct(user.id, { kind: body.kind, itemSlug: body.slug }, "ask-help");
  const id = randomUUID();
  const item =
    body.kind === "lab"
      ? await labItem(user.id, body.slug)
      : await exerciseItem(user.id, body.slug, body.submissionId ?? null);

  await inTransaction(async (client) => {
    // One ask at a time per learner, so two at once cannot both pass the count.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`help:${user.id}`}))`.execute(typedSql(client));
    if ((await openRequestCount(client, [user.id])) >= HELP_LIMITS.openPerLearner)
      throw new RequestError(
        "CONFLICT",
        `You have ${HELP_LIMITS.openPerLearner} open requests for help already. Mark one solved (on its lab's or ` +
          "exercise's page) before asking again, or add to its thread.",
      );
    const lab = body.kind === "lab" ? body : undefined;
    const request = { id, userId: user.id, kind: body.kind, itemSlug: body.slug, question: body.question };
    const { sessionId, submissionId } = item;
    const watch = { watchConsent: lab?.watchConsent ?? false, watchTab: lab?.watchTab || 0 };
    await typedSql(client)
      .insertInto("help_request")
      .values({ ...request, sessionId, submissionId, snapshot: JSON.stringify(item.snapshot), ...watch })
      .execute();
  });
  // After the commit: the host writes into the row, which must be there.
  if (item.readEngine) await notifySessionControl(pool(), { kind: "snapshot", sessionId: item.readEngine, helpId: id });
  const row = await helpRequestRow(id);
  if (!row) throw new Error(`help request ${id} vanished after it was written`);
  return (await helpRequestViews([row]))[0]!;
}

interface Item {
  sessionId: string | null;
  submissionId: string | null;
  snapshot: LabSnapshot | ExerciseSnapshot;
  /** The open lab session whose host is asked to read its engine into the snapshot. */
  readEngine?: string;
}

async function labItem(userId: string, slug: string): Promise<Item> {
  const lab = await loadLab(slug);
  const [done, live] = await Promise.all([labTasksDone(userId, slug), liveSessions(pool(), userId, "lab")]);
  const mine = live.find((session) => session.labSlug === slug);
  const earlier = mine ? undefined : await latestLabSession(userId, slug);
  const source = mine?.id ?? earlier;
  const open = mine?.status === "open";
  const snapshot: LabSnapshot = {
    tasks: lab.spec.tasks.map((task) => ({ id: task.id, title: task.title, done: done.includes(task.id) })),
    output: source ? await recentOutput(source) : "",
    outputFrom: mine ? "live" : earlier ? "earlier" : "none",
    engine: {
      kind: "unread",
      readAt: new Date().toISOString(),
      reason: open ? ENGINE_WAITING : "the lab was not open when you asked",
    },
  };
  return { sessionId: mine?.id ?? null, submissionId: null, snapshot, ...(open ? { readEngine: mine.id } : {}) };
}

async function latestLabSession(userId: string, slug: string): Promise<string | undefined> {
  const sessions = typedSql(pool()).selectFrom("sandbox_session").select("id");
  const mine = sessions.where((w) => w.and({ kind: "lab", userId, labSlug: slug }));
  return (await mine.orderBy("createdAt", "desc").orderBy("id", "desc").limit(1).executeTakeFirst())?.id;
}

/** Raw output read to make the plain tail from: escape sequences and redrawn lines take room of their own. */
const RAW_OUTPUT_BYTES = 4 * HELP_LIMITS.outputChars;

/** The end of a session's first terminal's output as plain text (two tabs interleaved would read as neither). */
async function recentOutput(sessionId: string): Promise<string> {
  const q = typedSql(pool());
  const newest = q
    .selectFrom("session_event")
    .select(["id", sql<string>`data->>'text'`.as("text")])
    .where((w) => w.and([w.and({ sessionId, type: "output" }), sql<boolean>`data->'terminal' IS NULL`]))
    .orderBy("id", "desc")
    .limit(5000);
  const upto = sql<string>`sum(octet_length(text)) OVER (ORDER BY id DESC)`.as("upto");
  const counted = q.selectFrom(newest.as("newest")).select(["id", "text", upto]);
  const enough = sql<boolean>`upto - octet_length(text) < ${RAW_OUTPUT_BYTES}`;
  const rows = await q.selectFrom(counted.as("counted")).select("text").where(enough).orderBy("id").execute();
  return lastChars(plainTerminalText(rows.map((r) => r.text).join("")), HELP_LIMITS.outputChars);
}

async function exerciseItem(userId: string, slug: string, submissionId: string | null): Promise<Item> {
  const exercise = await loadExercise(slug);
  const id = submissionId ?? (await latestSubmission(userId, exercise.slug))?.id;
  if (!id) return { sessionId: null, submissionId: null, snapshot: { attempt: null } };
  // Only the learner's own attempt at this exercise; anyone else's is NOT_FOUND, as on the history pages.
  const attempt = await loadAttempt(userId, exercise.slug, id);
  const failed = (attempt.result?.checks ?? []).filter((check) => check.status === "fail");
  const snapshot: ExerciseSnapshot = {
    attempt: {
      submissionId: attempt.id,
      number: attempt.number,
      status: attempt.status,
      score: attempt.score ?? null,
      createdAt: attempt.createdAt.toISOString(),
      ...(attempt.errorMessage ? { errorMessage: attempt.errorMessage } : {}),
      findings: failed.slice(0, HELP_LIMITS.findings).map((check) => ({ title: check.title, message: check.message })),
      moreFindings: Math.max(0, failed.length - HELP_LIMITS.findings),
    },
  };
  return { sessionId: null, submissionId: attempt.id, snapshot };
}
