import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what names may not have.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether `text` has a control character (C0, DEL or C1), tabs and line breaks included. */
export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

/**
 * A one-line name an admin or instructor sets (a class's, an LMS's, an institution's): trimmed, required, at most
 * `max` characters, valid Unicode without control characters. `subject` begins the messages ("The client ID").
 */
export const lineTextSchema = (max: number, subject: string, missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .max(max, `${subject} can be at most ${max} characters long.`)
    .refine((v) => !CONTROL.test(v) && v.isWellFormed(), `${subject} cannot contain control characters.`);

/**
 * Text that is not valid Unicode: a lone UTF-16 surrogate, which JSON can carry as an escape (`"\ud800"`) but no
 * UTF-8 text can hold. PostgreSQL refuses it in jsonb, so it must be turned away at the edge with its place, not
 * discovered by the database as a failed insert.
 */
export interface LoneSurrogate {
  /** 1-based line and column (in UTF-16 code units, as editors count) of the surrogate. */
  line: number;
  column: number;
  /** The surrogate as an escape, e.g. `\uD800`. */
  codeUnit: string;
}

/** Where the first lone surrogate of `text` is, or undefined when the text is well-formed. */
export function findLoneSurrogate(text: string): LoneSurrogate | undefined {
  if (text.isWellFormed()) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return at(code, line, i - lineStart + 1);
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return at(code, line, i - lineStart + 1);
    }
  }
  return undefined;
}

function at(code: number, line: number, column: number): LoneSurrogate {
  return { line, column, codeUnit: `\\u${code.toString(16).toUpperCase()}` };
}

/** Where in a parsed JSON value the first ill-formed string (a key or a value) is: its path and its place. */
export function findIllFormedString(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; surrogate: LoneSurrogate } | undefined {
  if (typeof value === "string") {
    const surrogate = findLoneSurrogate(value);
    return surrogate && { path, surrogate };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findIllFormedString(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const inKey = findLoneSurrogate(key);
      if (inKey) return { path: [...path, key], surrogate: inKey };
      const found = findIllFormedString(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The sentence a message gives the learner about it: what is wrong and how to fix it. */
export function describeLoneSurrogate({ line, column, codeUnit }: LoneSurrogate): string {
  return (
    `line ${line}, column ${column} has a lone UTF-16 surrogate (${codeUnit}), half of a character that is not valid ` +
    "Unicode; delete it, or type the whole character again"
  );
}
