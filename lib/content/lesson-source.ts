import { readFile } from "node:fs/promises";
import matter from "gray-matter";
import { ContentFault } from "./content-fault";
import { validateLocated } from "./parse-yaml-file";
import { type LessonFrontmatter, lessonFrontmatterSchema } from "./schemas";
import { type LocatedYaml, parseLocatedYaml } from "./yaml-locations";

type LessonSource = ReturnType<typeof parseLessonSource>;

/**
 * A lesson.mdx split into its frontmatter (`data`, not yet validated, and located YAML) and MDX `body`, which starts
 * at line `bodyLine`; a frontmatter that is not YAML is a located ContentFault.
 */
export function parseLessonSource(file: string, source: string) {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source);
  } catch (err) {
    // gray-matter's parser (js-yaml) counts lines from 0 within the frontmatter, whose first line is the "---" one.
    const mark = (err as { mark?: { line: number; column: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    const where = mark ? { line: mark.line + 1, column: mark.column + 1 } : {};
    throw new ContentFault([{ file, ...where, message: `the frontmatter is not valid YAML: ${reason}` }], {
      cause: err,
    });
  }
  const bodyLine = source.slice(0, source.length - parsed.content.length).split("\n").length;
  const data: Record<string, unknown> = parsed.data;
  return { data, body: parsed.content, bodyLine, frontmatter: locateFrontmatter(file, source) };
}

export async function readLessonSource(file: string) {
  return parseLessonSource(file, await readFile(file, "utf8"));
}

/** The frontmatter checked against its schema, each problem at its line of lesson.mdx. */
export function validateFrontmatter(file: string, lesson: LessonSource): LessonFrontmatter {
  return validateLocated(file, lesson.data, lesson.frontmatter, lessonFrontmatterSchema);
}

/** Positions only: the data stays gray-matter's, so what a lesson means does not change with this parser. */
function locateFrontmatter(file: string, source: string): LocatedYaml {
  if (!source.startsWith("---")) return parseLocatedYaml(file, "");
  const start = source.indexOf("\n") + 1;
  const close = source.indexOf("\n---", start - 1);
  return parseLocatedYaml(file, source.slice(start, close < 0 ? source.length : close + 1), 1);
}
