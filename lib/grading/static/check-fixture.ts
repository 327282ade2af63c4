import { exerciseChecksSchema } from "../../exercises/exercise-schema";
import type { CheckResult } from "../result-schema";
import { runStaticChecks } from "./run-static-checks";

export interface FixtureOptions {
  /** Build-context files besides the Dockerfile. */
  files?: Record<string, string>;
  /** Raw exercise.yaml `checks` section, parsed with the real schema. */
  checks?: unknown;
}

/** Test helper: runs the static phase on a fixture and returns one check's result. */
export function checkFixture(id: string, dockerfile: string, options: FixtureOptions = {}): CheckResult {
  const files = Object.entries(options.files ?? {}).map(([path, content]) => ({ path, content }));
  const checks = exerciseChecksSchema.parse(options.checks ?? {});
  const result = runStaticChecks({
    dockerfile,
    files: [{ path: "Dockerfile", content: dockerfile }, ...files],
    checks,
  }).find((r) => r.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
}

/** Strips the common indentation so fixtures can be written inline. */
export function df(strings: TemplateStringsArray, ...values: unknown[]): string {
  // Raw, so "\" line continuations survive; "\${" is how a fixture writes a literal ${VAR}.
  const text = String.raw({ raw: strings.raw }, ...values)
    .replace(/^\n/, "")
    .replace(/\\\$\{/g, "${");
  const indent = Math.min(
    ...text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => /^ */.exec(l)![0].length),
  );
  return text
    .split("\n")
    .map((l) => l.slice(indent))
    .join("\n");
}
