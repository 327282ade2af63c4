import { z } from "zod";
import { type Preferences, THEME_SETTINGS } from "./preferences";

const preferencesSchema = z.object({
  theme: z.enum(THEME_SETTINGS, { error: "expected light, dark or system" }),
  terminalScreenReader: z.boolean({ error: "expected true or false" }),
}) satisfies z.ZodType<Preferences>;

/**
 * The body of `PUT /api/me/preferences`: only the preferences that change, so two pages changing different ones
 * never undo each other. A name it does not know is refused rather than dropped, so a typo is not a silent no-op.
 */
export const preferencesPatchSchema = z
  .strictObject(preferencesSchema.shape)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, {
    error: "name at least one preference to change: theme, terminalScreenReader",
  });
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** A patch is a few dozen bytes; anything much bigger is not one. */
export const PREFERENCES_MAX_BYTES = 1024;
