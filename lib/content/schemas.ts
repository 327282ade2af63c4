import { z } from "zod";

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (a-z, 0-9, -)");

export const moduleSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10).max(300),
  order: z.number().int().min(0),
});

export const lessonFrontmatterSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10).max(200),
  order: z.number().int().min(0),
  minutes: z.number().int().min(1).max(120),
  objectives: z.array(z.string().min(3)).min(1).max(8),
  /** Where the lesson's facts come from, listed under it so a reader (and a reviewer of its quiz) can check them. */
  sources: z
    .array(z.object({ title: z.string().min(3).max(200), url: z.url({ protocol: /^https$/ }) }).strict())
    .max(12)
    .optional(),
});

const quizOptionSchema = z.object({
  id: slug,
  text: z.string().min(1),
  correct: z.boolean(),
  feedback: z.string().min(1),
});

const orderingItemSchema = z.object({
  id: slug,
  text: z.string().min(1),
  /** Why this item sits where it does; shown after answering. */
  feedback: z.string().min(1),
});

/** A snippet shown with the prompt (a Dockerfile, a command). Public: it is part of the question. */
const snippetSchema = z.object({ language: z.string().min(1).max(20).default("text"), code: z.string().min(1) });

const questionBase = {
  id: slug,
  prompt: z.string().min(5),
  snippet: snippetSchema.optional(),
  explanation: z.string().min(1),
};

const choiceQuestionSchema = z.object({
  ...questionBase,
  kind: z.enum(["single", "multiple"]),
  options: z.array(quizOptionSchema).min(2).max(8),
});

/** Ordering: items are listed in the correct order; the browser gets them shuffled. */
const orderingQuestionSchema = z.object({
  ...questionBase,
  kind: z.literal("ordering"),
  items: z.array(orderingItemSchema).min(3).max(8),
});

/**
 * Predict-then-reveal: the learner commits to a prediction (one option), then
 * sees what really happens (`reveal`, e.g. a command's output). The reveal is
 * an answer and never reaches the browser before the prediction is submitted.
 */
const predictQuestionSchema = z.object({
  ...questionBase,
  kind: z.literal("predict"),
  options: z.array(quizOptionSchema).min(2).max(6),
  reveal: snippetSchema,
});

const repeatsId = (list: readonly { id: string }[]) => new Set(list.map((x) => x.id)).size !== list.length;

const quizQuestionSchema = z
  .discriminatedUnion("kind", [choiceQuestionSchema, orderingQuestionSchema, predictQuestionSchema])
  .superRefine((q, ctx) => {
    if (q.kind === "ordering") {
      if (repeatsId(q.items)) ctx.addIssue({ code: "custom", message: `question "${q.id}" repeats an item id` });
      return;
    }
    const correct = q.options.filter((o) => o.correct).length;
    if ((q.kind === "single" || q.kind === "predict") && correct !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          `question "${q.id}" is ${q.kind === "single" ? "single-choice" : "a prediction"} ` +
          `but has ${correct} correct options`,
      });
    }
    if (q.kind === "multiple" && correct < 1) {
      ctx.addIssue({ code: "custom", message: `question "${q.id}" has no correct option` });
    }
    if (repeatsId(q.options)) ctx.addIssue({ code: "custom", message: `question "${q.id}" repeats an option id` });
  });

export const quizSchema = z
  .object({ id: slug, questions: z.array(quizQuestionSchema).min(1).max(30) })
  .superRefine((quiz, ctx) => {
    if (repeatsId(quiz.questions)) ctx.addIssue({ code: "custom", message: `quiz "${quiz.id}" repeats a question id` });
  });

export type ModuleMeta = z.infer<typeof moduleSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Quiz = z.infer<typeof quizSchema>;
export type QuizQuestion = Quiz["questions"][number];
export { slug as slugSchema };
