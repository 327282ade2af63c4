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
});

const quizOptionSchema = z.object({
  id: slug,
  text: z.string().min(1),
  correct: z.boolean(),
  feedback: z.string().min(1),
});

const quizQuestionSchema = z
  .object({
    id: slug,
    kind: z.enum(["single", "multiple"]),
    prompt: z.string().min(5),
    options: z.array(quizOptionSchema).min(2).max(8),
    explanation: z.string().min(1),
  })
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (q.kind === "single" && correct !== 1) {
      ctx.addIssue({ code: "custom", message: `question "${q.id}" is single-choice but has ${correct} correct options` });
    }
    if (q.kind === "multiple" && correct < 1) {
      ctx.addIssue({ code: "custom", message: `question "${q.id}" has no correct option` });
    }
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length) {
      ctx.addIssue({ code: "custom", message: `question "${q.id}" repeats an option id` });
    }
  });

export const quizSchema = z
  .object({ id: slug, questions: z.array(quizQuestionSchema).min(1).max(30) })
  .superRefine((quiz, ctx) => {
    const ids = new Set(quiz.questions.map((q) => q.id));
    if (ids.size !== quiz.questions.length) {
      ctx.addIssue({ code: "custom", message: `quiz "${quiz.id}" repeats a question id` });
    }
  });

export type ModuleMeta = z.infer<typeof moduleSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Quiz = z.infer<typeof quizSchema>;
export type QuizQuestion = Quiz["questions"][number];
export { slug as slugSchema };
