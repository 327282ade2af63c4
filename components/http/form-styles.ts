/* The look of the platform's small forms: one place, so every form's fields and main button match. */

export const PRIMARY_BUTTON =
  "rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50 " +
  "dark:bg-sky-700";

/** A second button beside a form's main one, or a small form's only one: outlined (a comment, a restore). */
export const OUTLINE_BUTTON =
  "rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
  "hover:text-white disabled:opacity-60 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";

/** A plain outlined button (decline, reset, withdraw); QUIET_BUTTON is its smaller one, dimmed while disabled. */
export const SECONDARY_BUTTON =
  "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 " +
  "dark:border-slate-700 dark:hover:bg-slate-800";
export const QUIET_BUTTON = SECONDARY_BUTTON.replace("py-1.5", "py-1 disabled:opacity-60");

export const FIELD =
  "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export const FIELD_LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";
