import type { ComposeServiceExpectation } from "../../exercises/exercise-schema";
import { type CheckOutcome, skipped } from "../checks/check-spec";
import type { StaticContext } from "../static/static-context";
import { type ComposeDeclarations, type ComposeService, composeDeclarations, composeServices } from "./compose-model";
import { type ComposeFile, type ComposeParse, parseCompose } from "./parse-compose";

export interface ComposeRuleContext {
  file: ComposeFile;
  services: ComposeService[];
  declared: ComposeDeclarations;
  /** What the exercise expects of each service, by name (compose.services). */
  expected: Record<string, ComposeServiceExpectation>;
}

const parsed = new WeakMap<StaticContext, ComposeParse | undefined>();

/** The exercise's compose file, parsed once per submission; undefined when absent. */
export function composeParse(ctx: StaticContext): ComposeParse | undefined {
  if (!parsed.has(ctx)) {
    const file = ctx.checks.compose?.file;
    const text = file ? ctx.files.get(file) : undefined;
    parsed.set(ctx, file && text !== undefined ? parseCompose(file, text) : undefined);
  }
  return parsed.get(ctx);
}

/** Runs a compose rule, or explains why it could not: no compose exercise, no file, or YAML that does not parse. */
export function withCompose(ctx: StaticContext, rule: (c: ComposeRuleContext) => CheckOutcome): CheckOutcome {
  const compose = ctx.checks.compose;
  if (!compose) return skipped("This exercise has no Compose file to grade.");
  const result = composeParse(ctx);
  if (!result) return skipped(`There is no ${compose.file} to check.`);
  if (!result.ok) return skipped(`${compose.file} is not valid YAML, so this was not checked.`);
  const data = result.file.data;
  return rule({
    file: result.file,
    services: composeServices(data),
    declared: composeDeclarations(data),
    expected: compose.services,
  });
}

/** "cache (the Redis cache)" when the exercise names the service's role, else just "cache". */
export function describeService(name: string, expected: Record<string, ComposeServiceExpectation>): string {
  const role = expected[name]?.role;
  return role ? `${name} (${role})` : name;
}

/** The expected services that have a property, e.g. every stateful one. */
export function expectedWith(
  expected: Record<string, ComposeServiceExpectation>,
  want: (e: ComposeServiceExpectation) => boolean,
): string[] {
  return Object.entries(expected)
    .filter(([, e]) => want(e))
    .map(([name]) => name);
}
