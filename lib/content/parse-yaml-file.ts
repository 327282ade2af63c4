import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { ContentFault } from "./content-fault";
import { issueProblems, type LocatedYaml, parseLocatedYaml } from "./yaml-locations";

/** Reads a YAML file and validates it; a ContentFault names the file, line and field of each problem. */
export async function parseYamlFile<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  const yaml = parseLocatedYaml(file, await readFile(file, "utf8"));
  if (yaml.errors.length) throw new ContentFault(yaml.errors);
  return validateLocated(file, yaml.data, yaml, schema);
}

/** Validates data read from `file` (YAML, or a lesson's frontmatter), locating each problem in `yaml`. */
export function validateLocated<T extends z.ZodType>(
  file: string,
  data: unknown,
  yaml: LocatedYaml,
  schema: T,
): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ContentFault(issueProblems(file, parsed.error.issues, yaml));
  return parsed.data;
}
