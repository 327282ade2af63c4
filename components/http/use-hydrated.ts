import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the page's script runs. A form that works only
 * through script keeps its submit button disabled until then: a click or an Enter before that would submit the form
 * the browser's way, as a GET that puts its fields (a password) in the address and does nothing else.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
