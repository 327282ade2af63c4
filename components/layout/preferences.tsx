"use client";

import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from "react";
import { sendForProblem } from "@/components/http/send-json";
import { useViewer } from "@/components/viewer/viewer";
import { DEFAULT_PREFERENCES, type Preferences, preferencesFrom } from "@/lib/preferences/preferences";
import { PREFERENCES_STORAGE_KEY } from "@/lib/preferences/theme-script";

export type { Preferences, ThemeSetting } from "@/lib/preferences/preferences";

/**
 * The learner's display preferences in the browser. The browser keeps a copy (localStorage, read before the first
 * paint by the layout's theme script); a signed-in learner's account keeps the real one (`GET /api/me` brings it,
 * `PUT /api/me/preferences` changes it), which wins over the copy whenever the platform answers, so a choice made on
 * one device reaches the others. A visitor has the copy alone.
 */
interface PreferencesState extends Preferences {
  /** The theme the page shows now: `theme`, or the system's when it follows the system. */
  shownTheme: "light" | "dark";
  /**
   * Applies the change at once and keeps it in this browser, then (signed in) on the account. Rejects with
   * PreferencesNotKept when the account could not keep it: the page shows the change all the same, so the caller
   * must say that it will not follow the learner.
   */
  setPreferences(patch: Partial<Preferences>): Promise<void>;
}

/** The account did not keep a change; the message says why, for the learner. */
export class PreferencesNotKept extends Error {
  override name = "PreferencesNotKept";
}

/**
 * What a control says when its change was not kept: it shows on this page all the same, and the reason (the
 * platform's words, which say what to do) follows. One wording for every preference's control.
 */
export function notKeptMessage(error: unknown): string {
  return `Shown here, but not kept on your account: ${error instanceof Error ? error.message : String(error)}`;
}

const PreferencesContext = createContext<PreferencesState>({
  ...DEFAULT_PREFERENCES,
  shownTheme: "light",
  setPreferences: async () => {},
});

// The browser's copy, one per page. Held in memory as well, so a browser that refuses storage still follows the
// learner's choice on this page; the snapshot keeps its identity until it changes, as useSyncExternalStore needs.
const listeners = new Set<() => void>();
let current: Preferences | undefined;

function readStored(): Preferences {
  try {
    return preferencesFrom(JSON.parse(localStorage.getItem(PREFERENCES_STORAGE_KEY) ?? "{}"));
  } catch {
    // Storage blocked, or not JSON (written by hand): nothing is kept, as for a first visit.
    return DEFAULT_PREFERENCES;
  }
}

function storedPreferences(): Preferences {
  current ??= readStored();
  return current;
}

function keep(next: Preferences): void {
  current = next;
  try {
    localStorage.setItem(PREFERENCES_STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage blocked or full: the page still follows the choice (held above); only the next page load forgets it.
  }
  show(next);
}

function show(preferences: Preferences): void {
  document.documentElement.dataset.theme = preferences.theme;
  for (const listener of listeners) listener();
}

function subscribeToStored(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same browser changed them: this one follows.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== PREFERENCES_STORAGE_KEY && event.key !== null) return;
    current = readStored();
    show(current);
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

const SYSTEM_DARK = "(prefers-color-scheme: dark)";

function subscribeToSystem(listener: () => void): () => void {
  const query = window.matchMedia(SYSTEM_DARK);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

export function PreferencesProvider({ children }: { children: ReactNode }) {
  // The server's HTML and hydration see the defaults (the page is the same for everyone); the browser's copy comes
  // right after. The theme itself is on <html> already, set by the layout's script before the first paint.
  const preferences = useSyncExternalStore(subscribeToStored, storedPreferences, () => DEFAULT_PREFERENCES);
  const systemDark = useSyncExternalStore(
    subscribeToSystem,
    () => window.matchMedia(SYSTEM_DARK).matches,
    () => false,
  );
  const { viewer } = useViewer();
  const signedIn = Boolean(viewer?.user);
  const accountPreferences = viewer?.user?.preferences;
  // Changes being sent to the account: an answer from /api/me read before one of them landed must not undo it.
  const sending = useRef(0);
  // One request at a time, in the order made: two quick changes sent side by side could land in either order, and
  // the account would keep the older one.
  const lastSent = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    if (!accountPreferences || sending.current > 0) return;
    const stored = storedPreferences();
    const differs = (Object.keys(accountPreferences) as (keyof Preferences)[]).some(
      (name) => stored[name] !== accountPreferences[name],
    );
    if (differs) keep({ ...stored, ...accountPreferences });
  }, [accountPreferences]);

  const setPreferences = useCallback(
    async (patch: Partial<Preferences>) => {
      keep({ ...storedPreferences(), ...patch });
      if (!signedIn) return;
      sending.current++;
      try {
        const sent = lastSent.current.then(() => sendForProblem("PUT", "/api/me/preferences", patch));
        lastSent.current = sent;
        const problem = await sent;
        if (problem) throw new PreferencesNotKept(problem);
      } finally {
        sending.current--;
      }
    },
    [signedIn],
  );

  const value = useMemo<PreferencesState>(
    () => ({
      ...preferences,
      shownTheme: preferences.theme === "system" ? (systemDark ? "dark" : "light") : preferences.theme,
      setPreferences,
    }),
    [preferences, systemDark, setPreferences],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesState {
  return useContext(PreferencesContext);
}
