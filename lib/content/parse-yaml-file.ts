import { readFile } from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import { PlatformFault } from "../errors/platform-fault";

/** Reads a YAML file and validates it, naming the file and field on failure. */
export async function parseYamlFile<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  const raw = await readFile(file, "utf8");
  let data: unknown;
  try {
    data = YAML.parse(raw);
  } catch (err) {
    throw new PlatformFault("content", `${relative(file)}: not valid YAML (${(err as Error).message})`, { cause: err });
  }
  return validateContent(file, data, schema);
}

export function validateContent<T extends z.ZodType>(file: string, data: unknown, schema: T): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new PlatformFault("content", `${relative(file)}: ${problems}`);
  }
  return parsed.data;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
