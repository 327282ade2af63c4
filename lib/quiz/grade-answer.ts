import type { Quiz, QuizQuestion } from "../content/schemas";
import { RequestError } from "../errors/request-error";

export interface QuestionResult {
  questionId: string;
  kind: QuizQuestion["kind"];
  correct: boolean;
  /** Chosen option ids (sorted), or for ordering the learner's order. */
  selected: string[];
  /** Correct option ids (sorted), or for ordering the correct order. */
  correctOptionIds: string[];
  /** Feedback for every option or item, so the learner sees why each is right or wrong. */
  optionFeedback: Record<string, string>;
  /** Ordering only: per item, whether the learner put it in its right place. */
  placedRight?: Record<string, boolean>;
  /** Predict only: what really happens, shown once the prediction is in. */
  reveal?: { language: string; code: string };
  explanation: string;
}

const staleHint = "Reload the page to get the current quiz.";

function choiceIds(q: QuizQuestion): string[] {
  return q.kind === "ordering" ? q.items.map((i) => i.id) : q.options.map((o) => o.id);
}

function checkAnswerShape(q: QuizQuestion, chosen: string[]): void {
  const known = new Set(choiceIds(q));
  const unknown = chosen.find((id) => !known.has(id));
  if (unknown)
    throw new RequestError(
      "UNKNOWN_QUESTION",
      `Question "${q.id}" has no ${q.kind === "ordering" ? "item" : "option"} "${unknown}". ${staleHint}`,
      { questionId: q.id, optionId: unknown },
    );
  if (q.kind === "ordering") {
    if (new Set(chosen).size !== chosen.length)
      throw new RequestError(
        "BAD_REQUEST",
        `Question "${q.id}" lists an item twice; put each item in the order once.`,
        { questionId: q.id },
      );
    if (chosen.length > 0 && chosen.length !== known.size)
      throw new RequestError(
        "BAD_REQUEST",
        `Question "${q.id}" needs all ${known.size} items in order; ${chosen.length} were sent.`,
        { questionId: q.id },
      );
  }
  if ((q.kind === "single" || q.kind === "predict") && chosen.length > 1)
    throw new RequestError("BAD_REQUEST", `Question "${q.id}" takes exactly one answer.`, { questionId: q.id });
}

function gradeQuestion(q: QuizQuestion, answer: string[]): QuestionResult {
  const question = { questionId: q.id, kind: q.kind, explanation: q.explanation };
  if (q.kind === "ordering") {
    const key = q.items.map((i) => i.id);
    return {
      ...question,
      correct: key.every((id, i) => answer[i] === id),
      selected: answer,
      correctOptionIds: key,
      optionFeedback: Object.fromEntries(q.items.map((i) => [i.id, i.feedback])),
      placedRight: Object.fromEntries(key.map((id, i) => [id, answer[i] === id])),
    };
  }
  const selected = [...new Set(answer)].sort();
  const correctOptionIds = q.options
    .filter((o) => o.correct)
    .map((o) => o.id)
    .sort();
  return {
    ...question,
    correct: selected.length === correctOptionIds.length && selected.every((id, i) => id === correctOptionIds[i]),
    selected,
    correctOptionIds,
    optionFeedback: Object.fromEntries(q.options.map((o) => [o.id, o.feedback])),
    ...(q.kind === "predict" ? { reveal: q.reveal } : {}),
  };
}

/**
 * Grades a whole attempt. Unknown question, option or item ids are rejected rather than ignored: they mean a stale
 * page or a forged request, and silently scoring them would store a misleading attempt.
 */
export function gradeAnswer(quiz: Quiz, answers: Record<string, string[]>) {
  const questionsById = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = questionsById.get(questionId);
    if (!question)
      throw new RequestError("UNKNOWN_QUESTION", `This quiz has no question "${questionId}". ${staleHint}`, {
        questionId,
      });
    checkAnswerShape(question, chosen);
  }
  const unanswered = quiz.questions.filter((q) => (answers[q.id] ?? []).length === 0);
  if (unanswered.length > 0)
    throw new RequestError(
      "BAD_REQUEST",
      `Answer every question before submitting (${unanswered.length} left unanswered).`,
      { unanswered: unanswered.map((q) => q.id) },
    );
  const questions = quiz.questions.map((q) => gradeQuestion(q, answers[q.id]!));
  return { quizId: quiz.id, correct: questions.filter((q) => q.correct).length, total: questions.length, questions };
}

export type QuizGrade = ReturnType<typeof gradeAnswer>;
