"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/http/alert";
import { Options } from "@/components/http/text-fields";
import { notKeptMessage, type ThemeSetting, usePreferences } from "./preferences";

const LABELS: Record<ThemeSetting, string> = { light: "Light", dark: "Dark", system: "System" };

/** The theme, as a native labelled select; a change shows at once, and a refusal to keep it is said beside it. */
export function ThemeSwitch() {
  const { theme, setPreferences } = usePreferences();
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const choose = (value: ThemeSetting) => {
    setProblem(null);
    setPreferences({ theme: value }).catch((error: unknown) => setProblem(notKeptMessage(error)));
  };
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-2" data-testid="theme-switch">
      <label htmlFor={id}>Theme</label>
      {/* A darker border than a form field's: a control's edge needs 3:1 against the page (WCAG 1.4.11). */}
      <select
        id={id}
        value={theme}
        onChange={(event) => choose(event.target.value as ThemeSetting)}
        className={
          "min-h-8 rounded border border-slate-500 bg-white px-2 py-1 text-slate-900 " +
          "dark:border-slate-400 dark:bg-slate-900 dark:text-slate-100"
        }
      >
        <Options options={Object.entries(LABELS).map(([value, label]) => ({ value, label }))} />
      </select>
      <Alert inline message={problem} testId="theme-problem" />
    </span>
  );
}
