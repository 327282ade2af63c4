import type { Quiz } from "../content/schemas";

/** What the browser may see before answering: no correctness, feedback or explanation. */
export interface PublicQuiz {
  id: string;
  questions: {
    id: string;
    kind: "single" | "multiple";
    prompt: string;
    options: { id: string; text: string }[];
  }[];
}

export function toPublicQuiz(quiz: Quiz): PublicQuiz {
  return {
    id: quiz.id,
    questions: quiz.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      prompt: q.prompt,
      options: q.options.map((o) => ({ id: o.id, text: o.text })),
    })),
  };
}
