import { describe, expect, it } from "vitest";
import { lessonFrontmatterSchema, quizSchema } from "./schemas";

const option = (id: string, correct: boolean) => ({ id, text: id, correct, feedback: "because" });

describe("content schemas", () => {
  it("rejects a single-choice question with two correct options", () => {
    const result = quizSchema.safeParse({
      id: "q",
      questions: [
        {
          id: "one",
          kind: "single",
          prompt: "Pick one",
          options: [option("a", true), option("b", true)],
          explanation: "x",
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/single-choice but has 2 correct/);
  });

  it("rejects frontmatter without objectives or with a bad summary", () => {
    expect(
      lessonFrontmatterSchema.safeParse({ title: "Layers", summary: "short", order: 1, minutes: 5, objectives: [] })
        .success,
    ).toBe(false);
  });
});
