import { z } from "zod";
import { rowIdSchema as idSchema } from "../list-query/list-query";
import { FORBIDDEN_CONTROL } from "../submissions/comment-rules";
import { possiblePoints, RUBRIC_LIMITS, RUBRIC_MODES } from "./rubric-terms";

/* The bodies of the rubric APIs, checked with zod (the browser's words and numbers are ./rubric-terms.ts's). */

/** Text people type: trimmed, at most `max` characters, new lines and tabs but no other control character. */
const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is at most ${max} characters`)
    .refine((t) => !FORBIDDEN_CONTROL.test(t), `${what} has a control character: only new lines and tabs may be used`);

const rubricItemInputSchema = z
  .object({
    /** An item kept from before keeps its id, so the marks on it stay; a new one has none. */
    id: idSchema.optional(),
    title: text(RUBRIC_LIMITS.titleChars, "an item's title").refine((t) => t.length > 0, "every item needs a title"),
    points: z
      .number()
      .int("points are whole numbers")
      .min(-RUBRIC_LIMITS.points, `points are at least -${RUBRIC_LIMITS.points}`)
      .max(RUBRIC_LIMITS.points, `points are at most ${RUBRIC_LIMITS.points}`)
      .refine((p) => p !== 0, "an item is worth points: positive to earn, negative to deduct"),
    feedback: text(RUBRIC_LIMITS.feedbackChars, "feedback"),
  })
  .strict();

/** The body of saving a rubric: how it counts and its items, in order. */
export const rubricInputSchema = z
  .object({
    mode: z.enum(RUBRIC_MODES, { message: `the mode is one of ${RUBRIC_MODES.join(", ")}` }),
    /** The rubric's percent of the score when combined; ignored (stored as 100) otherwise. */
    share: z.number().int("the rubric's share is a whole percent").min(1).max(99, "the rubric's share is 1–99 %"),
    items: z.array(rubricItemInputSchema).max(RUBRIC_LIMITS.items, `a rubric has at most ${RUBRIC_LIMITS.items} items`),
  })
  .strict()
  .refine((r) => r.mode === "none" || possiblePoints(r.items) > 0, {
    message: "a rubric that counts needs an item worth positive points (full marks are their sum)",
    path: ["items"],
  })
  .refine((r) => new Set(r.items.flatMap((i) => (i.id ? [i.id] : []))).size === r.items.filter((i) => i.id).length, {
    message: "an item is listed twice",
    path: ["items"],
  });

/** The body of applying a rubric to a learner's submission. */
export const rubricGradeInputSchema = z
  .object({
    submissionId: idSchema,
    itemIds: z.array(idSchema).max(RUBRIC_LIMITS.items),
    comment: text(RUBRIC_LIMITS.commentChars, "the comment"),
  })
  .strict();

/** The body of copying another assignment's rubric. */
export const rubricCopyInputSchema = z.object({ fromAssignmentId: idSchema }).strict();
