import { type Document, isMap, isScalar, LineCounter, type Node, parseDocument } from "yaml";

/** A parsed compose file that can say which line any value sits on. */
export interface ComposeFile {
  path: string;
  /** Plain JavaScript data, as Compose sees it. */
  data: unknown;
  /**
   * 1-based line of the value at a key path (["services", "api", "ports", 0]), or of the nearest parent that
   * exists.
   */
  lineOf(keys: (string | number)[]): number;
  /** "compose.yaml:12" for a key path. */
  at(keys: (string | number)[]): string;
}

export type ComposeParse = { ok: true; file: ComposeFile } | { ok: false; line: number; message: string };

/** Parses YAML with positions kept, so every compose finding can point at a line. */
export function parseCompose(path: string, text: string): ComposeParse {
  const lineCounter = new LineCounter();
  // merge: Compose files share settings through anchors and `<<:` merge keys, which Compose expands.
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true });
  const error = doc.errors[0];
  if (error) return { ok: false, line: error.linePos?.[0]?.line ?? 1, message: error.message.split("\n")[0]! };
  const lineOf = (keys: (string | number)[]): number => {
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : (doc.getIn(keys.slice(0, n), true) as Node | undefined);
      // A map entry's key is a better pointer than its value when the value is a nested block.
      const keyNode = n > 0 ? keyNodeOf(doc, keys.slice(0, n)) : undefined;
      const range = (keyNode ?? node)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return 1;
  };
  return { ok: true, file: { path, data: doc.toJS(), lineOf, at: (keys) => `${path}:${lineOf(keys)}` } };
}

function keyNodeOf(doc: Document, keys: (string | number)[]): Node | undefined {
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (!isMap(parent) || typeof last !== "string") return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return isScalar(pair?.key) ? pair.key : undefined;
}
