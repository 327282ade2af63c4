import "server-only";
import { loadQuizForLesson } from "../content/load-lesson";
import { prisma } from "../db/client";
import { assertMayAct } from "../learner-access/learner-access";
import { recordQuizOutcome } from "../progress/lesson-progress";
import { markScoresDue } from "../scores-due/scores-due";
import { finishTimedWindow } from "../timed/timed-windows";
import type { QuizAttemptRequest } from "./answers-schema";
import { gradeAnswer, type QuizGrade } from "./grade-answer";

/** Grades on the server, stores the attempt, and marks the lesson complete on a full score. */
export async function recordQuizAttempt(
  userId: string,
  request: QuizAttemptRequest,
): Promise<QuizGrade & { attemptId: string }> {
  const { quiz } = await loadQuizForLesson(request.lessonSlug);
  // A timed quiz is answered once, inside the learner's window (409 outside it): handing it in ends the window.
  const { countsIn } = await assertMayAct(userId, { kind: "quiz", itemSlug: request.lessonSlug }, "answer-quiz");
  const grade = gradeAnswer(quiz, request.answers);
  const attempt = await prisma().quizAttempt.create({
    data: {
      userId,
      lessonSlug: request.lessonSlug,
      quizId: quiz.id,
      answers: request.answers,
      correct: grade.correct,
      total: grade.total,
    },
    select: { id: true },
  });
  for (const assignmentId of countsIn) await finishTimedWindow(userId, assignmentId, "handed-in");
  // A learner launched from an LMS has this quiz's score sent back to it.
  await markScoresDue({ kind: "quiz", itemSlug: request.lessonSlug, userId });
  await recordQuizOutcome(userId, request.lessonSlug, grade.correct === grade.total);
  return { ...grade, attemptId: attempt.id };
}
