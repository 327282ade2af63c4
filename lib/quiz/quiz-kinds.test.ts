import { describe, expect, it } from "vitest";
import { type Quiz, quizSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
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
        {
          id: "install",
          text: "RUN pip install -r requirements.txt",
          feedback: "FEEDBACK-INSTALL cached while the manifest is unchanged.",
        },
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
        {
          id: "host",
          text: "The host's kernel release",
          correct: true,
          feedback: "FEEDBACK-HOST containers share the kernel.",
        },
        {
          id: "debian",
          text: "Debian's kernel release",
          correct: false,
          feedback: "FEEDBACK-DEBIAN images have no kernel.",
        },
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
    {
      id: "multiple",
      kind: "multiple",
      prompt: "Pick both right ones. Select all that apply.",
      snippet: { language: "dockerfile", code: "FROM debian:bookworm-slim" },
      options: [
        { id: "x", text: "Right one", correct: true, feedback: "FEEDBACK-X" },
        { id: "y", text: "Right two", correct: true, feedback: "FEEDBACK-Y" },
        { id: "z", text: "Wrong three", correct: false, feedback: "FEEDBACK-Z" },
      ],
      explanation: "EXPLANATION-MULTIPLE",
    },
  ],
});

const full = { order: ["from", "reqs", "install", "code"], predict: ["host"], single: ["a"], multiple: ["y", "x"] };

describe("ordering questions", () => {
  it("are right only in exactly the listed order, with per-item placement and feedback", () => {
    expect(gradeAnswer(quiz, full).correct).toBe(4);
    const swapped = gradeAnswer(quiz, { ...full, order: ["from", "install", "reqs", "code"] }).questions[0]!;
    expect(swapped).toMatchObject({ correct: false, correctOptionIds: ["from", "reqs", "install", "code"] });
    expect(swapped.placedRight).toEqual({ from: true, reqs: false, install: false, code: true });
    expect(swapped.optionFeedback.reqs).toContain("FEEDBACK-REQS");
  });

  it("reject a missing, repeated or unknown item with a specific message", () => {
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "install"] })).toThrow(
      /needs all 4 items in order; 3 were sent/,
    );
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "reqs", "code"] })).toThrow(
      /lists an item twice/,
    );
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "install", "tests"] })).toThrow(
      /has no item "tests"/,
    );
    expect(() => gradeAnswer(quiz, { ...full, order: ["from", "reqs", "install", "code", "code"] })).toThrow(
      /lists an item twice/,
    );
    expect(() => gradeAnswer(quiz, { ...full, order: [] })).toThrow(/1 left unanswered/);
  });

  it("report bad items as typed RequestErrors the route can turn into a 400", () => {
    const codeOf = (order: string[]) => {
      try {
        gradeAnswer(quiz, { ...full, order });
      } catch (err) {
        return err instanceof RequestError ? [err.code, err.httpStatus] : err;
      }
    };
    expect(codeOf(["from", "reqs", "install", "tests"])).toEqual(["UNKNOWN_QUESTION", 400]);
    expect(codeOf(["from", "reqs", "reqs", "code"])).toEqual(["BAD_REQUEST", 400]);
    expect(codeOf(["from", "reqs"])).toEqual(["BAD_REQUEST", 400]);
  });

  it("credit each item placed right even when the whole order is wrong", () => {
    const reversed = gradeAnswer(quiz, { ...full, order: ["code", "install", "reqs", "from"] }).questions[0]!;
    expect(reversed.correct).toBe(false);
    expect(reversed.selected).toEqual(["code", "install", "reqs", "from"]);
    expect(Object.values(reversed.placedRight!).every((right) => !right)).toBe(true);
    expect(Object.keys(reversed.optionFeedback)).toEqual(["from", "reqs", "install", "code"]);
    expect(reversed.reveal).toBeUndefined();
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

  it("take exactly one prediction, from the listed options", () => {
    expect(() => gradeAnswer(quiz, { ...full, predict: ["host", "debian"] })).toThrow(/exactly one/);
    expect(() => gradeAnswer(quiz, { ...full, predict: [] })).toThrow(/1 left unanswered/);
    expect(() => gradeAnswer(quiz, { ...full, predict: ["alpine"] })).toThrow(/has no option "alpine"/);
  });

  it("give feedback on every option, not just the one predicted", () => {
    const result = gradeAnswer(quiz, { ...full, predict: ["debian"] }).questions[1]!;
    expect(result).toMatchObject({ selected: ["debian"], correctOptionIds: ["host"] });
    expect(result.optionFeedback).toEqual({
      host: expect.stringContaining("FEEDBACK-HOST"),
      debian: expect.stringContaining("FEEDBACK-DEBIAN"),
    });
  });
});

describe("choice questions next to the new kinds", () => {
  it("grade as before: exact set for multiple, no placement or reveal", () => {
    const results = gradeAnswer(quiz, { ...full, multiple: ["x"] }).questions;
    expect(results[3]).toMatchObject({
      kind: "multiple",
      correct: false,
      selected: ["x"],
      correctOptionIds: ["x", "y"],
    });
    expect(results[2]).toMatchObject({ kind: "single", correct: true });
    for (const r of results.slice(2)) expect(r.placedRight ?? r.reveal).toBeUndefined();
  });
});

describe("the public quiz", () => {
  const sent = JSON.stringify(toPublicQuiz(quiz));

  it("carries prompts, snippets and option texts", () => {
    expect(sent).toContain("docker run --rm debian:bookworm-slim uname -r");
    expect(sent).toContain("The host's kernel release");
  });

  it("carries every kind of question", () => {
    expect(toPublicQuiz(quiz).questions.map((q) => q.kind)).toEqual(["ordering", "predict", "single", "multiple"]);
    expect(sent).toContain("FROM debian:bookworm-slim");
  });

  it("carries no answer data of any kind", () => {
    for (const secret of ["FEEDBACK-", "EXPLANATION-", "REVEAL-"]) expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(/"(correct|correctOptionIds|placedRight|feedback|explanation|reveal)"/);
    // Nor may the correct order: the item texts must not appear in it in what is sent.
    for (const q of quiz.questions) {
      if (q.kind !== "ordering") continue;
      const positions = q.items.map((i) => sent.indexOf(JSON.stringify(i.text)));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions.every((p, k) => k === 0 || p > positions[k - 1]!)).toBe(false);
    }
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
