/* The look of the platform's small forms: one place, so every form's fields and main button match. */

/** The look of a form's main button. */
export const PRIMARY_BUTTON =
  "rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50 " +
  "dark:bg-sky-700";

/** The look of a form's text field or select. */
export const FIELD =
  "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

/** The look of a small label above its field. */
export const FIELD_LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";
