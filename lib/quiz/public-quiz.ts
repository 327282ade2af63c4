import type { Quiz, QuizQuestion } from "../content/schemas";
import { shuffleItems } from "./shuffle-items";

type PublicQuestionBase = Pick<QuizQuestion, "id" | "prompt" | "snippet">;

export type PublicQuestion =
  | (PublicQuestionBase & { kind: "single" | "multiple" | "predict"; options: { id: string; text: string }[] })
  | (PublicQuestionBase & { kind: "ordering"; items: { id: string; text: string }[] });

/**
 * What the browser may see before answering: prompts, snippets and option texts. No correctness, feedback,
 * explanation or reveal, and ordering items arrive shuffled.
 */
export function toPublicQuiz(quiz: Quiz) {
  return {
    id: quiz.id,
    questions: quiz.questions.map((q): PublicQuestion => {
      const base = {
        id: q.id,
        prompt: q.prompt,
        ...(q.snippet ? { snippet: { language: q.snippet.language, code: q.snippet.code } } : {}),
      };
      if (q.kind === "ordering")
        return {
          ...base,
          kind: "ordering",
          items: shuffleItems(q.items, `${quiz.id}/${q.id}`).map((i) => ({ id: i.id, text: i.text })),
        };
      return { ...base, kind: q.kind, options: q.options.map((o) => ({ id: o.id, text: o.text })) };
    }),
  };
}

export type PublicQuiz = ReturnType<typeof toPublicQuiz>;
