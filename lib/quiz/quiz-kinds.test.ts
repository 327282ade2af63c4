import { describe, expect, it } from "vitest";
import { quizSchema, type Quiz } from "../content/schemas";
import { gradeAnswer } from "./grade-answer";
import { toPublicQuiz } from "./public-quiz";

const quiz: Quiz = quizSchema.parse({
  id: "kinds",
  questions: [
    {
      id: "order",
      kind: "ordering",
      prompt: "Order the Dockerfile steps for good caching.",
      items: [
        { id: "from", text: "FROM python:3.11-slim", feedback: "FEEDBACK-FROM the base comes first." },
        { id: "reqs", text: "COPY requirements.txt .", feedback: "FEEDBACK-REQS the manifest alone." },
        { id: "install", text: "RUN pip install -r requirements.txt", feedback: "FEEDBACK-INSTALL cached while the manifest is unchanged." },
        { id: "code", text: "COPY app/ ./app/", feedback: "FEEDBACK-CODE changes most, so last." },
      ],
      explanation: "EXPLANATION-ORDER dependencies before code.",
    },
    {
      id: "predict",
      kind: "predict",
      prompt: "What does uname -r print inside the container?",
      snippet: { language: "bash", code: "docker run --rm debian:bookworm-slim uname -r" },
      options: [
        { id: "host", text: "The host's kernel release", correct: true, feedback: "FEEDBACK-HOST containers share the kernel." },
        { id: "debian", text: "Debian's kernel release", correct: false, feedback: "FEEDBACK-DEBIAN images have no kernel." },
      ],
      reveal: { language: "text", code: "REVEAL-6.1.0-host-kernel" },
      explanation: "EXPLANATION-PREDICT one kernel for all.",
    },
    {
      id: "single",
      kind: "single",
      prompt: "Pick the right one.",
      options: [
        { id: "a", text: "Right", correct: true, feedback: "FEEDBACK-A" },
        { id: "b", text: "Wrong", correct: false, feedback: "FEEDBACK-B" },
      ],
      explanation: "EXPLANATION-SINGLE",
    },
  ],
});

const full = { order: ["from", "reqs", "install", "code"], predict: ["host"], single: ["a"] };

describe("ordering questions", () => {
  it("are right only in exactly the listed order, with per-item placement and feedback", () => {
    expect(gradeAnswer(quiz, full).correct).toBe(3);
    const swapped = gradeAnswer(quiz, { ...full, order: ["from", "install", "reqs", "code"] }).questions[0]!;
    expect(swapped).toMatchObject({ correct: false, correctOptionIds: ["from", "reqs", "install", "code"] });
    expect(swapped.placedRight).toEqual({ from: true, reqs: false, install: false, code: true });
    expect(swapped.optionFeedback.reqs).toContain("FEEDBACK-REQS");
  });

  it("reject a missing, repeated or unknown item with a specific message", () => {
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "install"] })).toThrow(/needs all 4 items in order; 3 were sent/);
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "reqs", "code"] })).toThrow(/lists an item twice/);
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "install", "tests"] })).toThrow(/has no item "tests"/);
  });
});

describe("predict-then-reveal questions", () => {
  it("return the reveal with the grade, whether the prediction was right or not", () => {
    for (const prediction of ["host", "debian"]) {
      const result = gradeAnswer(quiz, { ...full, predict: [prediction] }).questions[1]!;
      expect(result.correct).toBe(prediction === "host");
      expect(result.reveal?.code).toBe("REVEAL-6.1.0-host-kernel");
    }
  });

  it("take exactly one prediction", () => {
    expect(() => gradeAnswer(quiz, { ...full, predict: ["host", "debian"] })).toThrow(/exactly one/);
  });
});

describe("the public quiz", () => {
  const sent = JSON.stringify(toPublicQuiz(quiz));

  it("carries prompts, snippets and option texts", () => {
    expect(sent).toContain("docker run --rm debian:bookworm-slim uname -r");
    expect(sent).toContain("The host's kernel release");
  });

  it("carries no answer data of any kind", () => {
    for (const secret of ["FEEDBACK-", "EXPLANATION-", "REVEAL-"]) expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(/"(correct|feedback|explanation|reveal)"/);
  });

  it("shuffles ordering items away from the correct order, the same way every time", () => {
    const question = toPublicQuiz(quiz).questions[0]!;
    if (question.kind !== "ordering") throw new Error("expected an ordering question");
    const ids = question.items.map((i) => i.id);
    expect([...ids].sort()).toEqual(["code", "from", "install", "reqs"]);
    expect(ids).not.toEqual(full.order);
    expect(JSON.stringify(toPublicQuiz(quiz))).toBe(sent);
  });
});
