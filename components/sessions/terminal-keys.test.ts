import { describe, expect, it } from "vitest";
import { type KeyContext, type KeyPress, terminalKeyAction } from "./terminal-keys";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  type: "keydown",
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

const PLAIN: KeyContext = { hasSelection: false, isMac: false, escapeHeld: false };
const SELECTED: KeyContext = { ...PLAIN, hasSelection: true };
const MAC: KeyContext = { ...PLAIN, isMac: true };
const HELD: KeyContext = { ...PLAIN, escapeHeld: true };

describe("terminalKeyAction", () => {
  it("Ctrl+C copies when text is selected and interrupts (goes to the shell) when nothing is", () => {
    expect(terminalKeyAction(press("c", { ctrlKey: true }), SELECTED)).toBe("copy");
    expect(terminalKeyAction(press("c", { ctrlKey: true }), PLAIN)).toBe("terminal");
    expect(terminalKeyAction(press("c", { ctrlKey: true }), MAC)).toBe("terminal");
  });

  it("Ctrl+Shift+C and Ctrl+Shift+V copy and paste off macOS, whatever is selected", () => {
    expect(terminalKeyAction(press("C", { ctrlKey: true, shiftKey: true }), PLAIN)).toBe("copy");
    expect(terminalKeyAction(press("V", { ctrlKey: true, shiftKey: true }), PLAIN)).toBe("paste");
    // Ctrl+V alone is a control character some programs read (a literal next key in bash).
    expect(terminalKeyAction(press("v", { ctrlKey: true }), PLAIN)).toBe("terminal");
  });

  it("Cmd+C and Cmd+V copy and paste on macOS, where Ctrl+Shift is no shortcut", () => {
    expect(terminalKeyAction(press("c", { metaKey: true }), { ...MAC, hasSelection: true })).toBe("copy");
    expect(terminalKeyAction(press("v", { metaKey: true }), MAC)).toBe("paste");
    expect(terminalKeyAction(press("V", { ctrlKey: true, shiftKey: true }), MAC)).toBe("terminal");
  });

  it("leaves Tab to the shell (completion), Escape then Tab leaves forwards", () => {
    expect(terminalKeyAction(press("Tab"), PLAIN)).toBe("terminal");
    expect(terminalKeyAction(press("Tab"), HELD)).toBe("leave");
  });

  it("lets Shift+Tab leave backwards, with or without an Escape before it", () => {
    expect(terminalKeyAction(press("Tab", { shiftKey: true }), PLAIN)).toBe("leave");
    expect(terminalKeyAction(press("Tab", { shiftKey: true }), HELD)).toBe("leave");
  });

  it("holds a lone Escape back, and keeps holding it while Shift goes down before its Tab", () => {
    expect(terminalKeyAction(press("Escape"), PLAIN)).toBe("hold-escape");
    // A second Escape: the first one is sent, the second held.
    expect(terminalKeyAction(press("Escape"), HELD)).toBe("hold-escape");
    expect(terminalKeyAction(press("Shift", { shiftKey: true }), HELD)).toBe("pass");
    expect(terminalKeyAction({ ...press("Escape"), type: "keyup" }, HELD)).toBe("pass");
  });

  it("sends a held Escape before any other key: vim's Escape then a command, readline's Meta keys", () => {
    expect(terminalKeyAction(press(":", { shiftKey: true }), HELD)).toBe("terminal");
    expect(terminalKeyAction(press("b"), HELD)).toBe("terminal");
    expect(terminalKeyAction(press("Enter"), HELD)).toBe("terminal");
  });

  it("leaves Escape and Tab with Ctrl, Alt or Cmd to xterm: they are no way out", () => {
    expect(terminalKeyAction(press("Escape", { altKey: true }), PLAIN)).toBe("terminal");
    expect(terminalKeyAction(press("Escape", { ctrlKey: true }), PLAIN)).toBe("terminal");
    expect(terminalKeyAction(press("Escape", { shiftKey: true }), PLAIN)).toBe("terminal");
    expect(terminalKeyAction(press("Tab", { altKey: true }), HELD)).toBe("terminal");
    expect(terminalKeyAction(press("Tab", { ctrlKey: true, shiftKey: true }), PLAIN)).toBe("terminal");
  });

  it("decides on key down only, and leaves an input method's keys to it", () => {
    expect(terminalKeyAction({ ...press("c", { ctrlKey: true }), type: "keyup" }, SELECTED)).toBe("pass");
    expect(terminalKeyAction({ ...press("Tab"), type: "keypress" }, HELD)).toBe("pass");
    expect(terminalKeyAction(press("Escape", { isComposing: true }), PLAIN)).toBe("pass");
  });
});
