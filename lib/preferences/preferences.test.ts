import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, preferencesFrom } from "./preferences";
import { preferencesPatchSchema } from "./preferences-schema";
import { PREFERENCES_STORAGE_KEY, THEME_SCRIPT } from "./theme-script";

describe("the preferences' schema", () => {
  it("takes a patch of one preference or both", () => {
    expect(preferencesPatchSchema.parse({ theme: "dark" })).toEqual({ theme: "dark" });
    expect(preferencesPatchSchema.parse({ theme: "system", terminalScreenReader: true })).toEqual({
      theme: "system",
      terminalScreenReader: true,
    });
  });

  it("refuses a patch that changes nothing, an unknown theme or name, and a flag that is not a boolean", () => {
    const problem = (body: unknown) => preferencesPatchSchema.safeParse(body).error?.issues[0]?.message;
    expect(problem({})).toBe("name at least one preference to change: theme, terminalScreenReader");
    expect(problem({ theme: "sepia" })).toBe("expected light, dark or system");
    expect(problem({ theme: null })).toBe("expected light, dark or system");
    expect(problem({ terminalScreenReader: "yes" })).toBe("expected true or false");
    expect(problem({ theme: "dark", colour: "red" })).toMatch(/colour/);
    expect(problem([])).toBeDefined();
  });
});

describe("the browser's stored copy", () => {
  it("gives each valid preference it holds, and the default for the rest", () => {
    expect(preferencesFrom({ theme: "dark", terminalScreenReader: true })).toEqual({
      theme: "dark",
      terminalScreenReader: true,
    });
    expect(preferencesFrom({ theme: "sepia", terminalScreenReader: true, other: 1 })).toEqual({
      theme: "system",
      terminalScreenReader: true,
    });
    expect(preferencesFrom({ theme: "light", terminalScreenReader: "yes" })).toEqual({
      theme: "light",
      terminalScreenReader: false,
    });
    for (const junk of [null, undefined, "dark", 3, [], { theme: ["dark"] }]) {
      expect(preferencesFrom(junk)).toEqual(DEFAULT_PREFERENCES);
    }
  });
});

/** Runs the theme script as the browser would, with `stored` in localStorage (or storage that throws). */
function runThemeScript(stored: string | null | Error): string {
  const document = { documentElement: { dataset: { theme: "system" } } };
  const localStorage = {
    getItem(key: string) {
      if (stored instanceof Error) throw stored;
      return key === PREFERENCES_STORAGE_KEY ? stored : null;
    },
  };
  new Function("document", "localStorage", THEME_SCRIPT)(document, localStorage);
  return document.documentElement.dataset.theme;
}

describe("the theme script", () => {
  it("applies a stored forced theme before the first paint", () => {
    expect(runThemeScript(JSON.stringify({ theme: "dark", terminalScreenReader: false }))).toBe("dark");
    expect(runThemeScript(JSON.stringify({ theme: "light" }))).toBe("light");
  });

  it("leaves the system's theme for nothing stored, the system stored, junk, and storage that throws", () => {
    for (const stored of [null, '{"theme":"system"}', '{"theme":"sepia"}', "not json", "null", new Error("denied")]) {
      expect(runThemeScript(stored)).toBe("system");
    }
  });

  it("is one line with nothing that would end its <script> element early", () => {
    expect(THEME_SCRIPT).not.toMatch(/<\/script|\n/i);
  });
});
