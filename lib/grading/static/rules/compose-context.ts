import { skipped, type CheckOutcome } from "../../checks/check-spec";
import { composeServices, topLevelVolumes, type ComposeService } from "../../compose/compose-model";
import { parseCompose, type ComposeFile } from "../../compose/parse-compose";
import type { StaticContext } from "../static-context";

export interface ComposeRuleContext {
  file: ComposeFile;
  services: ComposeService[];
  volumes: Set<string>;
  stateful: string[];
}

const parsed = new WeakMap<StaticContext, ReturnType<typeof parseCompose> | undefined>();

/** The exercise's compose file, parsed once per submission; undefined when absent. */
export function composeParse(ctx: StaticContext) {
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
  if (!result) return skipped(`There is no ${compose.file} to check (see correctness.compose-spec-valid).`);
  if (!result.ok) return skipped(`${compose.file} is not valid YAML, so this was not checked (see correctness.compose-spec-valid).`);
  return rule({ file: result.file, services: composeServices(result.file.data), volumes: topLevelVolumes(result.file.data), stateful: compose.stateful });
}

/** The first line of a YAML value, quoted for evidence. */
export function show(service: string, detail: string): string {
  return `services.${service}: ${detail}`;
}
