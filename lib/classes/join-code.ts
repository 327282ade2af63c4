/* A class's join code as people read it; no zod, since forms load this in the browser. */

/** Letters and digits that cannot be mistaken for each other when read aloud or copied from a slide (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 8;

/** ABCD-2345: how a code is shown, in two halves that are easy to read out. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
