import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDocumentSchema } from "../lib/grading/result-schema";
import { createGradingHarness } from "./testing/grading-harness";

let harness: Awaited<ReturnType<typeof createGradingHarness>>;

beforeAll(async () => {
  // The fixture exercise asks for the comparison and grades nothing that runs the image.
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "testing/content");
  harness = await createGradingHarness("sizes");
});

afterAll(async () => {
  await harness?.close();
  delete process.env.CONTENT_DIR;
});

const SINGLE = "FROM python:3.11-slim\nRUN head -c 3000000 /dev/urandom > /blob\n";
const MULTI =
  "FROM python:3.11-slim AS build\nRUN head -c 3000000 /dev/urandom > /blob && echo built > /small\n" +
  "FROM debian:bookworm-slim\nCOPY --from=build /small /small\n";

describe("the stored result's size comparison, through the real job handler", () => {
  it("compares a multi-stage attempt with the learner's single-stage one, measured by the engine", async () => {
    const before = await harness.grade("size-before-after", [{ path: "Dockerfile", content: SINGLE }]);
    const first = resultDocumentSchema.parse(before.result);
    expect(first.sizeComparison).toEqual({ stages: 1 });

    const after = await harness.grade("size-before-after", [{ path: "Dockerfile", content: MULTI }]);
    const second = resultDocumentSchema.parse(after.result);
    expect(second.sizeComparison).toEqual({
      stages: 2,
      baseline: { submissionId: before.id, attempt: 1, kind: "single-stage", sizeBytes: first.image!.sizeBytes },
    });
    // The slim Debian image without Python is the smaller one, and the live stream's result carries the same.
    expect(second.image!.sizeBytes).toBeLessThan(first.image!.sizeBytes);
    expect(after.events.find((e) => e.type === "result")?.data.sizeComparison).toEqual(second.sizeComparison);
  }, 180_000);
});
