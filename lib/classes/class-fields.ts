import { z } from "zod";
import { lineTextSchema } from "../http/unicode-text";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "./join-code";

/* What a class's fields and join codes may be, for the create form and the server alike. */

const text = (what: string, max: number) => lineTextSchema(max, `A class's ${what}`, `Enter the class's ${what}.`);

export const classFieldsSchema = z.object({ name: text("name", 100), term: text("term", 60) }).strict();

/** A join code as typed: case, spaces and dashes do not matter ("abcd-efgh" is ABCDEFGH). */
export const joinCodeSchema = z
  .string()
  .transform((code) => code.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(
    z
      .string()
      .length(JOIN_CODE_LENGTH, `A join code has ${JOIN_CODE_LENGTH} letters and digits, like ABCD-2345.`)
      .refine(
        (code) => [...code].every((c) => JOIN_CODE_ALPHABET.includes(c)),
        "A join code has only letters and digits (no 0, O, 1, I or L).",
      ),
  );
