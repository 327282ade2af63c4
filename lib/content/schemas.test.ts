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

  it("takes a lesson's sources as https links with titles, and refuses anything else", () => {
    const lesson = {
      title: "GPUs",
      summary: "How GPUs reach containers.",
      order: 1,
      minutes: 5,
      objectives: ["x y z"],
    };
    const source = { title: "Docker docs: GPU support", url: "https://docs.docker.com/engine/containers/gpu/" };
    expect(lessonFrontmatterSchema.safeParse({ ...lesson, sources: [source] }).success).toBe(true);
    for (const bad of [
      { ...source, url: "http://docs.docker.com/" },
      { ...source, url: "javascript:alert(1)" },
      { url: source.url },
    ])
      expect(lessonFrontmatterSchema.safeParse({ ...lesson, sources: [bad] }).success).toBe(false);
  });
});
