import { exerciseChecksSchema } from "../../../exercises/exercise-schema";
import type { CheckResult } from "../../result-schema";
import { runStaticChecks } from "../run-static-checks";
import { buildStaticContext, type StaticContext, type StaticInput } from "../static-context";

export interface FixtureOptions {
  /** Build-context files besides the Dockerfile. */
  files?: Record<string, string>;
  /** Raw exercise.yaml `checks` section, parsed with the real schema. */
  checks?: unknown;
  /** The exercise's editable files; absent: every file is editable. */
  editable?: string[];
}

function fixtureInput(dockerfile: string, options: FixtureOptions): StaticInput {
  const files = Object.entries(options.files ?? {}).map(([path, content]) => ({ path, content }));
  return {
    dockerfile,
    files: [{ path: "Dockerfile", content: dockerfile }, ...files],
    checks: exerciseChecksSchema.parse(options.checks ?? {}),
    editable: options.editable,
  };
}

/** Test helper: runs the static phase on an input and returns one check's result. */
export function staticCheckResult(id: string, input: StaticInput): CheckResult {
  const result = runStaticChecks(input).find((r) => r.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
}

/** Test helper: runs the static phase on a fixture and returns one check's result. */
export function checkFixture(id: string, dockerfile: string, options: FixtureOptions = {}): CheckResult {
  return staticCheckResult(id, fixtureInput(dockerfile, options));
}

/** Test helper: the context the rules read for a fixture, as quick fixes get it. */
export function fixtureContext(dockerfile: string, options: FixtureOptions = {}): StaticContext {
  return buildStaticContext(fixtureInput(dockerfile, options));
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
