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
import { useMediaQuery } from "./use-media-query";

export type { Preferences, ThemeSetting } from "@/lib/preferences/preferences";

/**
 * The learner's display preferences in the browser: a copy in localStorage (read before the first paint by the
 * theme script), and, signed in, the account's, which wins whenever the platform answers so a choice follows them.
 */
interface PreferencesState extends Preferences {
  /** The theme the page shows now: `theme`, or the system's when it follows the system. */
  shownTheme: "light" | "dark";
  /** Applies and keeps the change here, then on the account; rejects with PreferencesNotKept if that failed. */
  setPreferences(patch: Partial<Preferences>): Promise<void>;
}

/** The account did not keep a change; the message says why, for the learner. */
export class PreferencesNotKept extends Error {
  override name = "PreferencesNotKept";
}

/** What every preference's control says when its change was shown here but not kept on the account. */
export function notKeptMessage(error: unknown): string {
  return `Shown here, but not kept on your account: ${error instanceof Error ? error.message : String(error)}`;
}

const PreferencesContext = createContext<PreferencesState>({
  ...DEFAULT_PREFERENCES,
  shownTheme: "light",
  setPreferences: async () => {},
});

// The browser's copy, also held in memory (storage may be refused), as one object until it changes (a snapshot).
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

const storedPreferences = (): Preferences => (current ??= readStored());

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

export function PreferencesProvider({ children }: { children: ReactNode }) {
  // The server's HTML and hydration see the defaults; the browser's copy comes right after (the theme script has
  // already set <html>'s theme).
  const preferences = useSyncExternalStore(subscribeToStored, storedPreferences, () => DEFAULT_PREFERENCES);
  const systemDark = useMediaQuery("(prefers-color-scheme: dark)");
  const { viewer } = useViewer();
  const signedIn = Boolean(viewer?.user);
  const accountPreferences = viewer?.user?.preferences;
  // Changes being sent to the account: an answer from /api/me read before one of them landed must not undo it.
  const sending = useRef(0);
  // One request at a time, in order: two sent side by side could land in either order and keep the older one.
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

export const usePreferences = (): PreferencesState => useContext(PreferencesContext);
