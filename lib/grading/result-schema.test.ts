import { describe, expect, it } from "vitest";
import { RESULT_VERSION, resultDocumentSchema } from "./result-schema";

const V2 = {
  version: 2,
  submissionId: "s1",
  exercise: "layer-order",
  status: "failed",
  score: 0.5,
  phases: [{ name: "build", status: "passed", ms: 1200 }],
  checks: [],
  image: { sizeBytes: 100, layers: [{ createdBy: "COPY . .", sizeBytes: 100, cached: false }] },
  logTruncated: false,
};

describe("resultDocumentSchema", () => {
  it("still reads stored version 1 and 2 documents, which have no layer origins and no cache diagram", () => {
    expect(resultDocumentSchema.parse(V2).image!.layers[0]).toEqual({
      createdBy: "COPY . .",
      sizeBytes: 100,
      cached: false,
    });
    const v1 = { ...V2, version: 1 };
    expect(resultDocumentSchema.parse(v1).cache).toBeUndefined();
  });

  it("reads a version 3 document with layer origins, waste and the cache phase's rebuilds", () => {
    const v3 = {
      ...V2,
      version: 3,
      image: {
        sizeBytes: 100,
        layers: [
          { createdBy: "# debian.sh", sizeBytes: 60, cached: false, fromBase: true },
          {
            createdBy: "COPY . .",
            sizeBytes: 40,
            cached: true,
            fromBase: false,
            instruction: "COPY . .",
            line: 3,
            wastedBytes: 10,
          },
        ],
      },
      cache: {
        rebuilds: [
          {
            mutation: "app/main.py",
            kind: "code",
            steps: [{ label: "[2/3]", instruction: "COPY . .", line: 3, outcome: "ran" }],
            firstMiss: { label: "[2/3]", line: 3, instruction: "COPY . .", explanation: "It copies app/main.py." },
          },
        ],
      },
    };
    expect(resultDocumentSchema.parse(v3)).toEqual(v3);
  });

  it("reads a version 4 document with one finding per cause and the points behind its score", () => {
    const v4 = {
      ...V2,
      version: RESULT_VERSION,
      findings: [
        {
          cause: "runs-as-root",
          title: "The service runs as root",
          status: "fail",
          fix: "USER app",
          lesson: "running-as-non-root",
          checks: ["security.user-declared", "security.image-user-not-root"],
          maxPoints: 3,
          lostPoints: 3,
        },
      ],
      points: 3,
      maxPoints: 6,
    };
    expect(RESULT_VERSION).toBe(4);
    expect(resultDocumentSchema.parse(v4)).toEqual(v4);
    expect(resultDocumentSchema.safeParse({ ...v4, findings: [{ ...v4.findings[0], checks: [] }] }).success).toBe(
      false,
    );
  });

  it("refuses a version it does not know and a step outcome it cannot draw", () => {
    expect(resultDocumentSchema.safeParse({ ...V2, version: 5 }).success).toBe(false);
    const badStep = {
      ...V2,
      cache: { rebuilds: [{ mutation: "a", kind: "code", steps: [{ label: "[1/1]", instruction: "x", line: 1 }] }] },
    };
    expect(resultDocumentSchema.safeParse(badStep).success).toBe(false);
  });
});
