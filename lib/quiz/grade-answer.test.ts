import { describe, expect, it } from "vitest";
import { type Quiz, quizSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import { gradeAnswer } from "./grade-answer";
import { toPublicQuiz } from "./public-quiz";

const quiz: Quiz = quizSchema.parse({
  id: "sample",
  questions: [
    {
      id: "kernel",
      kind: "single",
      prompt: "What do containers share with the host?",
      options: [
        { id: "a", text: "Nothing", correct: false, feedback: "They share the kernel." },
        { id: "b", text: "The kernel", correct: true, feedback: "Right." },
      ],
      explanation: "Containers are isolated processes on the host kernel.",
    },
    {
      id: "vm-costs",
      kind: "multiple",
      prompt: "What does each VM carry?",
      options: [
        { id: "a", text: "A guest kernel", correct: true, feedback: "Yes." },
        { id: "b", text: "A full guest OS", correct: true, feedback: "Yes." },
        { id: "c", text: "Nothing extra", correct: false, feedback: "No." },
      ],
      explanation: "A VM boots a whole operating system.",
    },
  ],
});

describe("gradeAnswer", () => {
  it("scores exact matches only, multiple choice included", () => {
    const grade = gradeAnswer(quiz, { kernel: ["b"], "vm-costs": ["a"] });
    expect(grade.correct).toBe(1);
    expect(grade.total).toBe(2);
    expect(grade.questions[1]).toMatchObject({ correct: false, correctOptionIds: ["a", "b"], selected: ["a"] });
    expect(gradeAnswer(quiz, { kernel: ["b"], "vm-costs": ["b", "a"] }).correct).toBe(2);
  });

  it("returns feedback for every option and the explanation", () => {
    const grade = gradeAnswer(quiz, { kernel: ["a"], "vm-costs": ["c"] });
    expect(grade.questions[0]?.optionFeedback).toEqual({ a: "They share the kernel.", b: "Right." });
    expect(grade.questions[0]?.explanation).toMatch(/isolated processes/);
  });

  it("rejects an answer for a question that does not exist", () => {
    const attempt = () => gradeAnswer(quiz, { kernel: ["b"], "vm-costs": ["a"], ghost: ["a"] });
    expect(attempt).toThrow(RequestError);
    expect(attempt).toThrow(/no question "ghost"/);
  });

  it("rejects an option that does not exist and two answers to a single-choice question", () => {
    expect(() => gradeAnswer(quiz, { kernel: ["z"], "vm-costs": ["a"] })).toThrow(/no option "z"/);
    expect(() => gradeAnswer(quiz, { kernel: ["a", "b"], "vm-costs": ["a"] })).toThrow(/exactly one/);
  });

  it("asks for every question to be answered", () => {
    expect(() => gradeAnswer(quiz, { kernel: ["b"] })).toThrow(/1 left unanswered/);
  });
});

describe("toPublicQuiz", () => {
  it("carries no answer key, feedback or explanation", () => {
    const json = JSON.stringify(toPublicQuiz(quiz));
    expect(json).not.toMatch(/correct|feedback|explanation/);
    expect(json).not.toContain("Right.");
    expect(json).toContain("The kernel");
  });
});
