import { describe, expect, it } from "vitest";
import { cacheDiagram, outcomeWord } from "./cache-diagram-data";

describe("cacheDiagram", () => {
  it("marks the first step that ran again and counts reused and rerun steps", () => {
    const diagram = cacheDiagram({
      mutation: "app/main.py",
      kind: "code",
      steps: [
        { label: "[2/4]", instruction: "WORKDIR /srv", line: 2, outcome: "reused" },
        { label: "[3/4]", instruction: "COPY . .", line: 3, outcome: "ran" },
        { label: "[4/4]", instruction: "RUN pip install -r requirements.txt", line: 4, outcome: "ran" },
      ],
      firstMiss: { label: "[3/4]", line: 3, instruction: "COPY . .", explanation: "It copies app/main.py." },
    });
    expect(diagram.heading).toBe("After editing app/main.py");
    expect(diagram.summary).toBe("1 step reused, 2 ran again");
    expect(diagram.steps.map((s) => s.firstMiss)).toEqual([false, true, false]);
    expect(diagram.explanation).toBe("It copies app/main.py.");
    expect(diagram.expectation).toContain("reuse every step up to the dependency install");
  });

  it("marks nothing when every step was reused", () => {
    const diagram = cacheDiagram({
      mutation: "requirements.txt",
      kind: "manifest",
      steps: [{ label: "[2/2]", instruction: "RUN pip install fastapi", line: 2, outcome: "reused" }],
    });
    expect(diagram.steps[0]!.firstMiss).toBe(false);
    expect(diagram.explanation).toBeUndefined();
    expect(diagram.summary).toBe("1 step reused, 0 ran again");
  });

  it("says what happened in words, not only in colour", () => {
    expect(["reused", "ran", "unknown"].map((o) => outcomeWord(o as "reused"))).toEqual([
      "reused (cache hit)",
      "ran again",
      "no record of its own",
    ]);
  });
});
