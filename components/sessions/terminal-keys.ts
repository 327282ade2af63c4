/**
 * What a key press in the terminal means before xterm sees it:
 * - "copy": put the selection on the clipboard; "paste": let the browser paste (xterm reads the paste event);
 * - "leave": let the browser move focus out of the terminal (its own Tab or Shift+Tab), nothing sent to the shell;
 * - "hold-escape": keep a lone Escape back for `LEAVE_WINDOW_MS`, since a Tab may follow it to leave;
 * - "terminal": xterm turns it into input for the shell (Ctrl+C becomes ^C, an interrupt), after a held Escape;
 * - "pass": xterm gets it as it is and a held Escape stays held (a key released, or Shift pressed before its Tab).
 */
export type TerminalKeyAction = "copy" | "paste" | "leave" | "hold-escape" | "terminal" | "pass";

export interface KeyPress {
  type: string;
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** An input method is composing text: its keys are its own. */
  isComposing?: boolean;
}

export interface KeyContext {
  hasSelection: boolean;
  isMac: boolean;
  /** A lone Escape pressed less than `LEAVE_WINDOW_MS` ago is held back, not yet sent to the shell. */
  escapeHeld: boolean;
}

/**
 * How long after Escape a Tab still means "leave the terminal". The Escape waits that long before it reaches the
 * shell (the next key sends it at once): sent before a Tab that leaves, readline would take it as a Meta prefix and
 * read the first key typed on coming back as Meta+key.
 */
export const LEAVE_WINDOW_MS = 1000;

/**
 * The way out of the terminal as the page tells it, next to the terminal and as its input's description. Tab belongs
 * to the shell (completion), so leaving forwards takes Escape first; Shift+Tab leaves backwards with or without it
 * (xterm would send it as CSI Z, a back-tab that bash and most programs ignore).
 */
export const LEAVE_KEYS_TEXT =
  "Tab completes commands in the terminal. To leave the terminal, press Esc then Tab; Shift+Tab (or Esc then " +
  "Shift+Tab) goes back to what comes before it.";

/** Keys that only modify the next one: pressing them alone sends nothing and keeps a held Escape held. */
const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock"]);

export function terminalKeyAction(event: KeyPress, { hasSelection, isMac, escapeHeld }: KeyContext): TerminalKeyAction {
  if (event.type !== "keydown" || event.isComposing) return "pass";
  if (MODIFIERS.has(event.key)) return "pass";
  const key = event.key.toLowerCase();
  const modified = event.ctrlKey || event.metaKey || event.altKey;
  // Cmd on macOS, Ctrl+Shift elsewhere: the shortcuts terminal users know, and neither is a control character.
  const command = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && event.shiftKey && !event.metaKey;
  if (command && !event.altKey) {
    if (key === "c") return "copy";
    if (key === "v") return "paste";
  }
  // Ctrl+C with text selected copies it, as in most terminal apps; with nothing selected it interrupts.
  if (key === "c" && event.ctrlKey && !event.shiftKey && !event.metaKey && !event.altKey && hasSelection) {
    return "copy";
  }
  if (key === "tab" && !modified && (event.shiftKey || escapeHeld)) return "leave";
  // Alt+Escape and the like are xterm's to send (ESC ESC); a lone one waits for a possible Tab.
  if (key === "escape" && !modified && !event.shiftKey) return "hold-escape";
  return "terminal";
}
