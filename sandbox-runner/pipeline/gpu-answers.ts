import { randomInt } from "node:crypto";
import type { GpuAnswerKind } from "../grading/lib";

/**
 * What a GPU probe must print for a seed: the grader draws the seed for each grading, so the answer cannot be known
 * when the image is built, and printing a remembered line passes nothing. Each kind is the same computation the
 * exercise's fixed program runs on the GPU, done here exactly (integers only, every sum below 2^53).
 */
export interface GpuAnswer {
  /** What the probe computes, for the report. */
  describe: string;
  /** The line (or part of one) its output must hold for this seed. */
  expected(seed: number): string;
  /** Picks the probe's answer out of its output, to say what it printed instead. */
  printed(output: string): string | undefined;
}

/** content/exercises/cuda-kernel-image/starter/gpu_dot.cu: the dot product of two vectors the seed defines. */
const DOT_LENGTH = 1 << 20;
const seededDotProduct: GpuAnswer = {
  describe: `the dot product of two ${DOT_LENGTH.toLocaleString("en")}-element vectors made from the seed`,
  expected(seed) {
    let sum = 0;
    for (let i = 0; i < DOT_LENGTH; i++) sum += ((seed + i * 7919) % 1009) * ((seed * 31 + i * 104729) % 1013);
    return `dot=${sum} `;
  },
  printed: (output) => /dot=\d+ /.exec(output)?.[0],
};

export const GPU_ANSWERS: Record<GpuAnswerKind, GpuAnswer> = { "seeded-dot-product": seededDotProduct };

/** Seeds stay below 2^31, which keeps every product and sum of the kinds above exact in a double and in 64 bits. */
export function drawGpuSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}
