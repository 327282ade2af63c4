import { describe, expect, it } from "vitest";
import type { AttemptSummary } from "@/lib/submissions/history";
import { defaultSides } from "./default-sides";

const attempt = (id: string, number: number, regradeOf?: string): AttemptSummary => ({
  id,
  number,
  regradeOf,
  createdAt: new Date(0),
  status: "failed",
});

// Newest first, as listAttempts returns them: a re-grade of attempt 2 came after attempt 3.
const ATTEMPTS = [attempt("r2", 2, "a2"), attempt("a3", 3), attempt("a2", 2), attempt("a1", 1)];

describe("defaultSides", () => {
  it("compares the latest two attempts, never the latest attempt with itself or a re-grade of it", () => {
    expect(defaultSides(ATTEMPTS)).toEqual({ from: "a2", to: "a3" });
  });

  it("shows what an attempt changed since the one before it", () => {
    expect(defaultSides(ATTEMPTS, "a2")).toEqual({ from: "a1", to: "a2" });
    expect(defaultSides(ATTEMPTS, "r2")).toEqual({ from: "a1", to: "a2" });
  });

  it("starts a first attempt from the starter files, and with no attempt compares the starter with the draft", () => {
    expect(defaultSides(ATTEMPTS, "a1")).toEqual({ from: "starter", to: "a1" });
    expect(defaultSides([attempt("a1", 1)])).toEqual({ from: "starter", to: "a1" });
    expect(defaultSides([])).toEqual({ from: "starter", to: "draft" });
  });
});
