import { readFile } from "node:fs/promises";
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { ContentProblem } from "./content-problem";

export interface Position {
  line: number;
  column: number;
}

export interface LocatedYaml {
  /** The plain data; meaningful only without syntax errors. */
  data: unknown;
  /** Syntax errors, each located. */
  errors: ContentProblem[];
  /**
   * Where the value at `path` is written: the key's position for a map entry, the item's for a list entry. A path
   * that goes further than the text (a missing field) stops at the nearest ancestor that exists.
   */
  locate(path: readonly PropertyKey[]): Position | undefined;
}

/**
 * Parses YAML keeping each node's position. `lineOffset` is the number of lines before the text in its file (a
 * lesson's frontmatter), so positions are those of the file.
 */
export function parseLocatedYaml(file: string, text: string, lineOffset = 0): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const errors = doc.errors.map((e) => ({ file, ...at(e.pos[0]), message: `not valid YAML: ${e.message}` }));
  return {
    data: errors.length ? undefined : doc.toJS(),
    errors,
    locate(path) {
      let node: unknown = doc.contents;
      let found = isNode(node) && node.range ? at(node.range[0]) : undefined;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
          if (!pair) break;
          if (isNode(pair.key) && pair.key.range) found = at(pair.key.range[0]);
          node = pair.value;
        } else if (isSeq(node) && typeof key === "number") {
          node = node.items[key];
          if (!isNode(node)) break;
          if (node.range) found = at(node.range[0]);
        } else {
          break;
        }
      }
      return found;
    },
  };
}

/**
 * One problem per schema issue, at the line of the value it is about. An unknown key is located at the key itself
 * rather than at the object that holds it.
 */
export function issueProblems(file: string, issues: readonly z.core.$ZodIssue[], yaml: LocatedYaml): ContentProblem[] {
  return issues.map((issue) => {
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const field = issue.path.map(String).join(".");
    return { file, ...yaml.locate(path), message: field ? `${field}: ${issue.message}` : issue.message };
  });
}

/** Where the value at `path` is written in a YAML file (nothing when the file does not parse). */
export async function locateInYamlFile(file: string, path: readonly PropertyKey[]): Promise<Position | undefined> {
  const yaml = parseLocatedYaml(file, await readFile(file, "utf8"));
  return yaml.errors.length ? undefined : yaml.locate(path);
}
