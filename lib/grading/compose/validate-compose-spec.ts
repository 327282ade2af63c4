import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { KeyPath } from "./compose-model";
import composeSpec from "./compose-spec.schema.json";

/**
 * The Compose Specification's own JSON schema (schema/compose-spec.json of the
 * compose-spec project, Apache-2.0), the one Docker Compose v2 validates
 * against. compose-spec.schema.json is an unchanged copy of the one the npm
 * package dclint@3.1.0 ships (schemas/compose.schema.json, sha256 46b7d35f…),
 * vendored because that package exports no JSON entry point and the browser's
 * instant checks need the schema bundled. It knows current keys (name,
 * include, develop, gpus, healthcheck.start_interval, depends_on.required…);
 * refresh it from a newer dclint when Compose adds more.
 */
let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const { $schema: _meta, ...schema } = composeSpec as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  return ajv.compile(schema);
}

export interface SpecProblem {
  /** Key path of the offending value, e.g. ["services", "api", "prots"]. */
  keys: KeyPath;
  message: string;
}

/** Structural problems the Compose Specification itself reports, most specific first. */
export function validateComposeSpec(data: unknown): SpecProblem[] {
  validator ??= compile();
  if (validator(data)) return [];
  const all = validator.errors ?? [];
  // oneOf/anyOf only say "none of the alternatives matched"; the alternatives' own errors say why.
  const specific = all.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  return dedupe(mostSpecific(specific.length ? specific : all)).map(describe);
}

/**
 * A value of the wrong shape fails every alternative of a oneOf ("must be
 * string", "must be object"…); keep only the errors on the deepest paths, and
 * for one path the unknown-key error over type errors.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const paths = [...byPath.keys()].filter((p) => ![...byPath.keys()].some((q) => q !== p && q.startsWith(`${p}/`)));
  return paths.flatMap((p) => {
    const list = byPath.get(p)!;
    const unknownKey = list.filter((e) => e.keyword === "additionalProperties");
    if (unknownKey.length) return unknownKey;
    const types = list.filter((e) => e.keyword === "type");
    if (types.length > 1) {
      const allowed = new Set(types.map((t) => String((t.params as { type: unknown }).type)));
      return [{ ...types[0]!, message: `must be ${[...allowed].join(" or ")}` }];
    }
    return list;
  });
}

function describe(error: ErrorObject): SpecProblem {
  const keys = error.instancePath
    .split("/")
    .slice(1)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, "/").replace(/~0/g, "~")));
  const where = keys.length ? keys.join(".") : "the file";
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return {
      keys: [...keys, extra],
      message:
        `"${extra}" is not a Compose key${keys.length ? ` under ${where}` : ""} ` +
        `(a typo, or a key from another tool?)`,
    };
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(", ");
    return { keys, message: `${where} must be one of: ${allowed}` };
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
