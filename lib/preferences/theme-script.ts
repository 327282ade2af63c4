/**
 * What the browser keeps of a learner's preferences, and the script that applies the theme before the first paint.
 *
 * The pages are prerendered, the same for everyone, so the server cannot put the learner's theme in the HTML. The
 * root layout's first script reads the browser's copy and sets `<html data-theme>`, which the CSS's `dark:` variant
 * reads (app/globals.css), before anything is painted: no flash of the wrong theme. The text is a constant because
 * the Content-Security-Policy allows it by its hash on every page (lib/http/security-headers.ts); pages rendered per
 * request cannot give it their nonce, since the layout is rendered once for all of them. Import-free: the browser's
 * provider (components/layout/preferences.tsx) reads the same key, and scripts/web-server.ts loads the policy.
 */

/** localStorage: the JSON of the learner's preferences, read with preferencesFrom (preferences.ts). */
export const PREFERENCES_STORAGE_KEY = "dockyard-preferences";

/**
 * Leaves `data-theme="system"` (the layout's) unless a forced theme is stored. Anything unreadable (storage blocked,
 * a value from an older version) is the system's theme, so the catch has nothing to do.
 */
export const THEME_SCRIPT =
  `try{var t=JSON.parse(localStorage.getItem(${JSON.stringify(PREFERENCES_STORAGE_KEY)})).theme;` +
  'if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}';
