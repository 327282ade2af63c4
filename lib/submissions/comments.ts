import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { canSeeLearner, staffScope } from "../access/staff-scope";
import { boundedName } from "../auth/account-limits";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { type SubmittedFile, submittedFileSchema } from "../file-sets/validate-files";
import type { SubmissionComment as SubmissionCommentRow } from "../generated/prisma/client";
import { assertMayAct } from "../learner-access/learner-access";
import { rowIdSchema } from "../list-query/list-query";
import { COMMENT_LIMITS, commentBodyProblem, fileLines, normaliseCommentBody } from "./comment-rules";

/*
 * Staff feedback on a submission, on one line of a file or the whole: who may write, delete and read it, and whether
 * a learner has not seen it. A comment belongs to its submission row (a re-grade is a row of its own).
 */

/** The request body of `POST /api/submissions/:id/comments`. */
export const commentInputSchema = z.object({
  body: z.string().max(COMMENT_LIMITS.bodyChars * 4, "is far longer than a comment may be"),
  path: z.string().max(1000).optional(),
  line: z.number().int().optional(),
});
export type CommentInput = z.infer<typeof commentInputSchema>;

/** A comment of at most 5,000 characters (up to 4 bytes each in UTF-8) with its path and line. */
export const COMMENT_REQUEST_MAX_BYTES = 64 * 1024;

/** The request body of `POST /api/submissions/:id/comments/seen`: the comments the page showed. */
export const seenInputSchema = z.object({ ids: z.array(rowIdSchema).max(1000) });

// The same answer for a submission that does not exist as for one the reader may not see, so ids cannot be probed.
const notFound = () => new RequestError("NOT_FOUND", "There is no such submission, or you may not see it.");

type Reader = Pick<CurrentUser, "id" | "role">;

/** How the reader stands to a submission: its learner, staff who may see them (also when both), or NOT_FOUND. */
async function access(user: Reader, submissionId: string) {
  const submission = rowIdSchema.safeParse(submissionId).success
    ? await prisma().submission.findUnique({
        where: { id: submissionId },
        select: { userId: true, exerciseSlug: true, createdAt: true },
      })
    : null;
  if (!submission) throw notFound();
  const scope = await staffScope(user);
  const staff = await canSeeLearner(scope, submission.userId);
  if (!staff && submission.userId !== user.id) throw notFound();
  if (!staff) {
    // Feedback on the learner's earlier attempts is closed to them while a timed assessment of the exercise runs.
    const item = { kind: "exercise" as const, itemSlug: submission.exerciseSlug };
    await assertMayAct(user.id, item, "see-attempt", { attemptAt: submission.createdAt });
  }
  return { staff, admin: scope.admin, owner: submission.userId === user.id };
}

/** A comment as its reader sees it: no `path` and `line` when it is on the whole submission. */
function toComment(row: SubmissionCommentRow, reader: Reader, staff: boolean, admin: boolean) {
  return {
    id: row.id,
    authorName: boundedName(row.authorName),
    ...(row.path === null || row.line === null ? {} : { path: row.path, line: row.line }),
    body: row.body,
    createdAt: row.createdAt,
    seen: row.seenAt !== null,
    canDelete: staff && (admin || (row.authorId !== null && row.authorId === reader.id)),
  };
}
export type SubmissionComment = ReturnType<typeof toComment>;

/** What a comment thread's reader may do: staff who may see the learner write; the learner only reads. */
export type CommentThread = Awaited<ReturnType<typeof listComments>>;

/** A submission's comments, oldest first, for its learner or for staff who may see the learner; else NOT_FOUND. */
export async function listComments(user: Reader, submissionId: string) {
  const { staff, admin } = await access(user, submissionId);
  const rows = await prisma().submissionComment.findMany({
    where: { submissionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { comments: rows.map((row) => toComment(row, user, staff, admin)), canComment: staff };
}

/** Staff who may see the learner comment on a line of a file, or the whole; the learner gets FORBIDDEN. */
export async function addComment(
  user: Pick<CurrentUser, "id" | "role" | "name">,
  submissionId: string,
  input: CommentInput,
) {
  const { staff, admin } = await access(user, submissionId);
  if (!staff)
    throw new RequestError("FORBIDDEN", "Only your instructors and teaching assistants comment on your submissions.");
  const { files } = await prisma().submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { files: true },
  });
  const place = commentPlace(z.array(submittedFileSchema).parse(files), input);
  const body = normaliseCommentBody(input.body);
  const problem = commentBodyProblem(body);
  if (problem) throw new RequestError("BAD_REQUEST", problem, { field: "body" });
  const data = { submissionId, authorId: user.id, authorName: boundedName(user.name), body, ...place };
  const row = await prisma().submissionComment.create({ data });
  return toComment(row, user, staff, admin);
}

/** Checks that a comment's place is a line of one of the submission's files, or the whole submission. */
function commentPlace(files: SubmittedFile[], input: CommentInput): { path: string | null; line: number | null } {
  if (input.path === undefined && input.line === undefined) return { path: null, line: null };
  if (input.path === undefined || input.line === undefined)
    throw new RequestError(
      "BAD_REQUEST",
      "A comment on a line names both the file and the line; a comment on the whole submission names neither.",
      { field: input.path === undefined ? "path" : "line" },
    );
  const file = files.find((f) => f.path === input.path);
  if (!file) {
    const shown = JSON.stringify(input.path.length > 80 ? `${input.path.slice(0, 80)}…` : input.path);
    throw new RequestError("BAD_REQUEST", `This submission has no file ${shown}.`, { field: "path" });
  }
  const count = fileLines(file.content).length;
  if (input.line < 1 || input.line > count) {
    const has = count === 0 ? "is empty" : count === 1 ? "has 1 line" : `has lines 1 to ${count}`;
    throw new RequestError("BAD_REQUEST", `There is no line ${input.line} in ${file.path}: the file ${has}.`, {
      field: "line",
    });
  }
  return { path: file.path, line: input.line };
}

/** Deletes a comment: its author, or an admin, if they may still see the learner. */
export async function deleteComment(user: Reader, submissionId: string, commentId: string): Promise<void> {
  const { staff, admin } = await access(user, submissionId);
  const comment = rowIdSchema.safeParse(commentId).success
    ? await prisma().submissionComment.findFirst({ where: { id: commentId, submissionId } })
    : null;
  // The learner is told no more about a comment's id than about a submission's.
  if (!comment || !staff) throw new RequestError("NOT_FOUND", "There is no such comment on this submission.");
  if (!admin && comment.authorId !== user.id)
    throw new RequestError("FORBIDDEN", "You can delete only your own comments.");
  await prisma().submissionComment.delete({ where: { id: comment.id } });
}

/** The learner has read these comments (those their page showed); answers how many were new. Only theirs to mark. */
export async function markCommentsSeen(user: Reader, submissionId: string, ids: readonly string[]): Promise<number> {
  const { owner } = await access(user, submissionId);
  if (!owner) throw new RequestError("FORBIDDEN", "Only the learner marks their feedback as seen.");
  if (ids.length === 0) return 0;
  const { count } = await prisma().submissionComment.updateMany({
    where: { submissionId, id: { in: [...ids] }, seenAt: null },
    data: { seenAt: new Date() },
  });
  return count;
}

/** The learner's exercises (all, or of `exercises`) with unseen feedback, each with the newest such attempt. */
export async function unseenFeedback(userId: string, exercises?: readonly string[]): Promise<Map<string, string>> {
  const rows = await typedSql(pool())
    .selectFrom("submission_comment as c")
    .innerJoin("submission as s", "s.id", "c.submissionId")
    .distinctOn("s.exerciseSlug")
    .select(["s.exerciseSlug as exercise", "s.id as submissionId"])
    .where((w) => w.and({ "s.userId": userId, "c.seenAt": null }))
    .$if(exercises !== undefined, (q) => q.where("s.exerciseSlug", "=", sql<string>`ANY(${exercises}::text[])`))
    .orderBy("s.exerciseSlug")
    .orderBy("c.createdAt", "desc")
    .orderBy("c.id", "desc")
    .execute();
  return new Map(rows.map((r) => [r.exercise, r.submissionId]));
}
