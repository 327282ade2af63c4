import { z } from "zod";

/** Request body of a quiz attempt: question id -> chosen option ids. */
export const quizAttemptRequestSchema = z.object({
  lessonSlug: z.string().min(1).max(100),
  answers: z
    .record(z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(20))
    .refine((a) => Object.keys(a).length <= 50, "too many answers"),
});

export type QuizAttemptRequest = z.infer<typeof quizAttemptRequestSchema>;
