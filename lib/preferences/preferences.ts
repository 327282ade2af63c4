/**
 * A learner's display preferences: what they are and their defaults. Import-free, so every page's first load can
 * read them without zod (whose probe for `new Function` the Content-Security-Policy reports as a violation); the
 * API's schema is preferences-schema.ts.
 */

/** "system" follows the operating system's light or dark setting. Mirrors the enum ThemeSetting in schema.prisma. */
export const THEME_SETTINGS = ["light", "dark", "system"] as const;
export type ThemeSetting = (typeof THEME_SETTINGS)[number];

export interface Preferences {
  theme: ThemeSetting;
  /** xterm's screen-reader mode in every terminal (shells and labs). */
  terminalScreenReader: boolean;
}

/** What an account starts with, and what a browser with nothing stored shows. */
export const DEFAULT_PREFERENCES: Preferences = { theme: "system", terminalScreenReader: false };

/**
 * The browser's stored copy as preferences: each one it holds with a valid value, the default for the rest. The copy
 * is the browser's own and may be anything (an older version's, or edited by hand), and refusing it would only lose
 * the valid part.
 */
export function preferencesFrom(stored: unknown): Preferences {
  const { theme, terminalScreenReader }: { theme?: unknown; terminalScreenReader?: unknown } =
    (typeof stored === "object" && stored) || {};
  return {
    theme: THEME_SETTINGS.find((setting) => setting === theme) ?? DEFAULT_PREFERENCES.theme,
    terminalScreenReader:
      typeof terminalScreenReader === "boolean" ? terminalScreenReader : DEFAULT_PREFERENCES.terminalScreenReader,
  };
}
