import { z } from "zod";
import { classFieldsSchema } from "./class-fields";
import { MAX_SHIFT_DAYS } from "./term-shift";

/* The body of copying a class to the next term (lib/classes/next-term.ts); the shift's rule is term-shift.ts's. */

/** Whether the runtime knows an IANA time zone name ("Europe/Berlin"). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The body of `POST /api/instructor/classes/:id/copy`. */
export const copyClassSchema = classFieldsSchema
  .extend({
    /** How many days every date moves (negative: earlier). */
    days: z
      .number({ error: "Say how many days the dates move." })
      .int("The dates move by a whole number of days.")
      .min(-MAX_SHIFT_DAYS, `The dates move by at most ${MAX_SHIFT_DAYS} days.`)
      .max(MAX_SHIFT_DAYS, `The dates move by at most ${MAX_SHIFT_DAYS} days.`),
    /** The copier's time zone, whose wall-clock times the moved dates keep. */
    timeZone: z
      .string({ error: "The time zone is missing." })
      .max(100, "That is not a time zone.")
      .refine(isTimeZone, "That is not a time zone."),
    /** Whether the class's other instructors and teaching assistants join the new class's staff too. */
    copyStaff: z.boolean({ error: "Say whether the staff come along." }),
  })
  .strict();

export type CopyClassInput = z.infer<typeof copyClassSchema>;
