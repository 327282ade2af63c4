import { describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/sessions/session-protocol";
import { TERMINAL_LIMITS } from "@/lib/sessions/terminal-limits";
import {
  endsTabShell,
  FIRST_TAB,
  freeTerminal,
  holdOutput,
  type TabsState,
  tabKeyAction,
  tabsReducer,
  terminalOf,
} from "./terminal-tabs";

const LIMIT = TERMINAL_LIMITS.tabs;
const tabs = (open: number[], selected: number): TabsState => ({ open, selected });
const output = (text: string, terminal?: number): Extract<SessionEvent, { type: "output" }> => ({
  type: "output",
  data: terminal === undefined ? { text } : { text, terminal },
});
/** The lab host's note in a tab whose shell ended (sandbox-runner/labs/lab-close-reasons.ts `tabClosedNote`). */
const noteText = (n: number) =>
  `\r\n[dockyard: the shell of terminal ${n + 1} ended; the lab goes on. Open the tab again for a new one.]\r\n`;
/** That note as the host sends it: marked `ended`. */
const endNote = (n: number): Extract<SessionEvent, { type: "output" }> => ({
  type: "output",
  data: n === 0 ? { text: noteText(n), ended: true } : { text: noteText(n), terminal: n, ended: true },
});

describe("terminalOf", () => {
  it("routes output to the tab it names, and output naming none (a shell's, a lab's first) to the first", () => {
    expect(terminalOf(output("$ "))).toBe(0);
    expect(terminalOf(output("$ ", 0))).toBe(0);
    expect(terminalOf(output("$ ", 2))).toBe(2);
  });
});

describe("freeTerminal", () => {
  it("gives the lowest number no tab has, never the first, and none at the limit", () => {
    expect(freeTerminal([0], LIMIT)).toBe(1);
    expect(freeTerminal([0, 1, 3], LIMIT)).toBe(2);
    expect(freeTerminal([0, 1, 2, 3], LIMIT)).toBeUndefined();
    expect(freeTerminal([0], 1)).toBeUndefined();
  });
});

describe("tabsReducer", () => {
  it("opens a tab in number order and selects it", () => {
    const one = tabsReducer(FIRST_TAB, { type: "open", terminal: 1 });
    expect(one).toEqual(tabs([0, 1], 1));
    expect(tabsReducer(tabs([0, 2], 0), { type: "open", terminal: 1 })).toEqual(tabs([0, 1, 2], 1));
    // Opening one already there only selects it.
    expect(tabsReducer(tabs([0, 1], 0), { type: "open", terminal: 1 })).toEqual(tabs([0, 1], 1));
  });

  it("restores a tab without moving the selection, and never the first twice", () => {
    expect(tabsReducer(FIRST_TAB, { type: "restore", terminal: 2 })).toEqual(tabs([0, 2], 0));
    const state = tabs([0, 2], 2);
    expect(tabsReducer(state, { type: "restore", terminal: 2 })).toBe(state);
    expect(tabsReducer(FIRST_TAB, { type: "restore", terminal: 0 })).toBe(FIRST_TAB);
  });

  it("closes a tab, selecting the one before it when it was selected", () => {
    expect(tabsReducer(tabs([0, 1, 3], 3), { type: "close", terminal: 3 })).toEqual(tabs([0, 1], 1));
    expect(tabsReducer(tabs([0, 1, 3], 1), { type: "close", terminal: 1 })).toEqual(tabs([0, 3], 0));
    expect(tabsReducer(tabs([0, 1, 3], 0), { type: "close", terminal: 3 })).toEqual(tabs([0, 1], 0));
  });

  it("never closes the first tab (the session itself) nor one that is not there", () => {
    const state = tabs([0, 1], 0);
    expect(tabsReducer(state, { type: "close", terminal: 0 })).toBe(state);
    expect(tabsReducer(state, { type: "close", terminal: 2 })).toBe(state);
  });

  it("selects only a tab that is there, and a reset leaves the first alone", () => {
    const state = tabs([0, 1], 0);
    expect(tabsReducer(state, { type: "select", terminal: 1 })).toEqual(tabs([0, 1], 1));
    expect(tabsReducer(state, { type: "select", terminal: 2 })).toBe(state);
    expect(tabsReducer(tabs([0, 1, 2], 2), { type: "reset" })).toEqual(FIRST_TAB);
    expect(tabsReducer(FIRST_TAB, { type: "reset" })).toBe(FIRST_TAB);
  });
});

describe("tabKeyAction", () => {
  const state = tabs([0, 1, 3], 1);

  it("moves with the arrows, round the ends", () => {
    expect(tabKeyAction(state, "ArrowRight")).toEqual({ type: "select", terminal: 3 });
    expect(tabKeyAction(state, "ArrowLeft")).toEqual({ type: "select", terminal: 0 });
    expect(tabKeyAction(tabs([0, 1, 3], 3), "ArrowRight")).toEqual({ type: "select", terminal: 0 });
    expect(tabKeyAction(tabs([0, 1, 3], 0), "ArrowLeft")).toEqual({ type: "select", terminal: 3 });
    expect(tabKeyAction(FIRST_TAB, "ArrowRight")).toEqual({ type: "select", terminal: 0 });
  });

  it("goes to the first and the last tab with Home and End", () => {
    expect(tabKeyAction(state, "Home")).toEqual({ type: "select", terminal: 0 });
    expect(tabKeyAction(state, "End")).toEqual({ type: "select", terminal: 3 });
  });

  it("closes the selected tab with Delete, except the first", () => {
    expect(tabKeyAction(state, "Delete")).toEqual({ type: "close", terminal: 1 });
    expect(tabKeyAction(tabs([0, 1], 0), "Delete")).toBeUndefined();
  });

  it("leaves every other key alone: Tab moves on, Enter and letters are no tab's", () => {
    for (const key of ["Tab", "Enter", " ", "a", "ArrowDown", "Escape"])
      expect(tabKeyAction(state, key)).toBeUndefined();
  });
});

describe("endsTabShell", () => {
  it("finds the lab host's note that a tab's shell ended, with what it printed last", () => {
    expect(endsTabShell(endNote(1))).toBe(true);
    expect(endsTabShell(output("$ ls\r\n", 1))).toBe(false);
    // The same words printed by the lab (echo) are output like any other: only the host marks an end.
    expect(endsTabShell(output(`exit\r\n${noteText(1)}`, 1))).toBe(false);
    // The first terminal's shell ending closes the lab: there is no such note.
    expect(endsTabShell(endNote(0))).toBe(false);
  });
});

describe("holdOutput", () => {
  it("keeps a hidden tab's output in order, terminal by terminal, without changing the map it was given", () => {
    const empty = new Map<number, string>();
    const one = holdOutput(empty, output("$ ", 1));
    const two = holdOutput(holdOutput(one, output("ls\r\n", 1)), output("# ", 2));
    expect(empty.size).toBe(0);
    expect([...two]).toEqual([
      [1, "$ ls\r\n"],
      [2, "# "],
    ]);
  });

  it("drops what a shell printed once its note says it ended: there is nothing left to show of it", () => {
    const held = holdOutput(holdOutput(new Map(), output("$ ", 1)), output("# ", 2));
    expect([...holdOutput(held, endNote(1))]).toEqual([[2, "# "]]);
  });
});
