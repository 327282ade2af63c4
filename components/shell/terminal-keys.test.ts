import { describe, expect, it } from "vitest";
import { type KeyPress, terminalKeyAction } from "./terminal-keys";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  type: "keydown",
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("terminalKeyAction", () => {
  it("Ctrl+C copies when text is selected and interrupts (goes to the shell) when nothing is", () => {
    expect(terminalKeyAction(press("c", { ctrlKey: true }), true, false)).toBe("copy");
    expect(terminalKeyAction(press("c", { ctrlKey: true }), false, false)).toBe("terminal");
    expect(terminalKeyAction(press("c", { ctrlKey: true }), false, true)).toBe("terminal");
  });

  it("Ctrl+Shift+C and Ctrl+Shift+V copy and paste off macOS, whatever is selected", () => {
    expect(terminalKeyAction(press("C", { ctrlKey: true, shiftKey: true }), false, false)).toBe("copy");
    expect(terminalKeyAction(press("V", { ctrlKey: true, shiftKey: true }), false, false)).toBe("paste");
    // Ctrl+V alone is a control character some programs read (a literal next key in bash).
    expect(terminalKeyAction(press("v", { ctrlKey: true }), false, false)).toBe("terminal");
  });

  it("Cmd+C and Cmd+V copy and paste on macOS, where Ctrl+Shift is no shortcut", () => {
    expect(terminalKeyAction(press("c", { metaKey: true }), true, true)).toBe("copy");
    expect(terminalKeyAction(press("v", { metaKey: true }), false, true)).toBe("paste");
    expect(terminalKeyAction(press("V", { ctrlKey: true, shiftKey: true }), false, true)).toBe("terminal");
  });

  it("leaves Tab to the shell and lets Shift+Tab move focus out", () => {
    expect(terminalKeyAction(press("Tab"), false, false)).toBe("terminal");
    expect(terminalKeyAction(press("Tab", { shiftKey: true }), false, false)).toBe("leave");
  });

  it("decides on key down only: the matching key up goes to xterm untouched", () => {
    expect(terminalKeyAction({ ...press("c", { ctrlKey: true }), type: "keyup" }, true, false)).toBe("terminal");
  });
});
