import type { Quiz } from "../content/schemas";
import { AppError } from "../errors/app-error";

export interface QuestionResult {
  questionId: string;
  correct: boolean;
  selected: string[];
  correctOptionIds: string[];
  /** Feedback for every option, so the learner sees why each one is right or wrong. */
  optionFeedback: Record<string, string>;
  explanation: string;
}

export interface QuizGrade {
  quizId: string;
  correct: number;
  total: number;
  questions: QuestionResult[];
}

/**
 * Grades a whole attempt. Unknown question or option ids are rejected rather
 * than ignored: they mean a stale page or a forged request, and silently
 * scoring them would store a misleading attempt.
 */
export function gradeAnswer(quiz: Quiz, answers: Record<string, string[]>): QuizGrade {
  const questionsById = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = questionsById.get(questionId);
    if (!question) {
      throw new AppError("UNKNOWN_QUESTION", `This quiz has no question "${questionId}". Reload the page to get the current quiz.`, { questionId });
    }
    const known = new Set(question.options.map((o) => o.id));
    const unknown = chosen.find((id) => !known.has(id));
    if (unknown) {
      throw new AppError("UNKNOWN_QUESTION", `Question "${questionId}" has no option "${unknown}". Reload the page to get the current quiz.`, { questionId, optionId: unknown });
    }
    if (question.kind === "single" && chosen.length > 1) {
      throw new AppError("BAD_REQUEST", `Question "${questionId}" takes exactly one answer.`, { questionId });
    }
  }
  const unanswered = quiz.questions.filter((q) => (answers[q.id] ?? []).length === 0);
  if (unanswered.length > 0) {
    throw new AppError("BAD_REQUEST", `Answer every question before submitting (${unanswered.length} left unanswered).`, {
      unanswered: unanswered.map((q) => q.id),
    });
  }

  const questions = quiz.questions.map((q): QuestionResult => {
    const selected = [...new Set(answers[q.id] ?? [])].sort();
    const correctOptionIds = q.options.filter((o) => o.correct).map((o) => o.id).sort();
    return {
      questionId: q.id,
      correct: selected.length === correctOptionIds.length && selected.every((id, i) => id === correctOptionIds[i]),
      selected,
      correctOptionIds,
      optionFeedback: Object.fromEntries(q.options.map((o) => [o.id, o.feedback])),
      explanation: q.explanation,
    };
  });
  return { quizId: quiz.id, correct: questions.filter((q) => q.correct).length, total: questions.length, questions };
}
