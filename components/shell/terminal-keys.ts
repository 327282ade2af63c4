/**
 * What a key press in the terminal means before xterm sees it. "copy": put the selection on the clipboard;
 * "paste": let the browser paste (xterm reads the paste event); "leave": let focus move out of the terminal;
 * "terminal": xterm turns it into input for the shell (Ctrl+C becomes ^C, an interrupt).
 */
export type TerminalKeyAction = "copy" | "paste" | "leave" | "terminal";

export interface KeyPress {
  type: string;
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function terminalKeyAction(event: KeyPress, hasSelection: boolean, isMac: boolean): TerminalKeyAction {
  if (event.type !== "keydown") return "terminal";
  const key = event.key.toLowerCase();
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
  // Tab belongs to the shell (completion); Shift+Tab is the keyboard's way out of the terminal.
  if (key === "tab" && event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) return "leave";
  return "terminal";
}
