import { StringDecoder } from "node:string_decoder";

const ESC = "\u001b";
/** The C0 controls a terminal page needs: backspace, tab, line feed, carriage return and the bell. */
const KEPT_CONTROLS = new Set(["\u0007", "\b", "\t", "\n", "\r"]);
/** The ones plain text keeps: a page shows a carriage return as a space, and has no bell or backspace. */
const PLAIN_KEPT_CONTROLS = new Set(["\t", "\n", "\r"]);
/** After ESC: the introducers of OSC, DCS, SOS, PM and APC, whose strings are dropped whole. */
const STRING_INTRODUCERS = new Set(["]", "P", "X", "^", "_"]);
/** The same five as 8-bit C1 code points (U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM, U+009F APC). */
const C1_STRING_INTRODUCERS = new Set(["\u009d", "\u0090", "\u0098", "\u009e", "\u009f"]);
const C1_CSI = "\u009b";
const C1_ST = "\u009c";
/** CAN and SUB abort a control string as they abort any sequence. */
const ABORTS = new Set(["\u0018", "\u001a"]);
/** A CSI longer than this is not one a terminal sends or needs: dropped rather than held without bound. */
const MAX_CSI_LENGTH = 64;

type State = "text" | "escape" | "escape-intermediate" | "csi" | "string" | "string-escape";

/**
 * "terminal": for xterm, which draws colours and cursor moves. "plain": for text a page shows as it is (the build
 * log, a check's evidence): every escape sequence goes too, and a control string ends at a line feed, so one line
 * that never terminates its string cannot hide the rest of the log.
 */
type SanitiserMode = "terminal" | "plain";

/**
 * Makes a shell's output safe to hand to the learner's terminal: control strings (OSC, DCS, APC, PM, SOS, in their
 * 7-bit ESC and 8-bit C1 forms) are dropped whole, because through them a program in the image could set the
 * page's clipboard (OSC 52), plant links (OSC 8), retitle the window or talk to the terminal emulator itself.
 * CSI sequences (colours, cursor moves, erasing) and simple ESC sequences stay, so `ls --color`, `top` and line
 * editing look as they do in any terminal; printable text stays, and of the other controls only BS, TAB, LF, CR
 * and BEL. Stateful: a sequence split across chunks is recognised all the same. In "plain" mode it makes the
 * same output plain text for a page instead.
 */
export class TerminalSanitiser {
  constructor(private readonly mode: SanitiserMode = "terminal") {}

  private state: State = "text";
  /** The escape or CSI sequence read so far, emitted once it is complete. */
  private pending = "";

  push(text: string): string {
    let out = "";
    for (const ch of text) out += this.step(ch);
    return out;
  }

  private step(ch: string): string {
    switch (this.state) {
      case "text":
        return this.text(ch);
      case "escape":
        return this.escape(ch);
      case "escape-intermediate":
        return this.escapeIntermediate(ch);
      case "csi":
        return this.csi(ch);
      case "string":
        if (ch === "\n" && this.mode === "plain") {
          this.state = "text";
          return ch;
        }
        if (ch === ESC) this.state = "string-escape";
        else if (ch === "\u0007" || ch === C1_ST || ABORTS.has(ch)) this.state = "text";
        return "";
      case "string-escape":
        // ESC \ is the string terminator; ESC with anything else ends the string and starts a new sequence.
        this.state = "text";
        return ch === "\\" ? "" : this.text(ESC) + this.step(ch);
    }
  }

  private text(ch: string): string {
    if (ch === ESC) {
      this.state = "escape";
      this.pending = ESC;
      return "";
    }
    if (C1_STRING_INTRODUCERS.has(ch)) {
      this.state = "string";
      return "";
    }
    if (ch === C1_CSI) {
      // Re-sent in its 7-bit form, which every terminal reads the same way.
      this.state = "csi";
      this.pending = `${ESC}[`;
      return "";
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      return (this.mode === "plain" ? PLAIN_KEPT_CONTROLS : KEPT_CONTROLS).has(ch) ? ch : "";
    }
    return ch;
  }

  private escape(ch: string): string {
    const code = ch.codePointAt(0)!;
    if (STRING_INTRODUCERS.has(ch)) {
      this.state = "string";
      this.pending = "";
      return "";
    }
    if (ch === "[") {
      this.state = "csi";
      this.pending += ch;
      return "";
    }
    if (code >= 0x20 && code <= 0x2f) {
      // ESC ( B and the like: intermediates, then a final byte.
      this.state = "escape-intermediate";
      this.pending += ch;
      return "";
    }
    if (code >= 0x30 && code <= 0x7e) return this.complete(ch);
    // ESC followed by a control or ESC again: the half sequence is dropped and the character read afresh.
    this.state = "text";
    this.pending = "";
    return this.text(ch);
  }

  private escapeIntermediate(ch: string): string {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x2f && this.pending.length < MAX_CSI_LENGTH) {
      this.pending += ch;
      return "";
    }
    if (code >= 0x30 && code <= 0x7e) return this.complete(ch);
    this.state = "text";
    this.pending = "";
    return this.text(ch);
  }

  private csi(ch: string): string {
    const code = ch.codePointAt(0)!;
    if (code >= 0x40 && code <= 0x7e) return this.complete(ch);
    if (code >= 0x20 && code <= 0x3f && this.pending.length < MAX_CSI_LENGTH) {
      this.pending += ch;
      return "";
    }
    // Not a CSI a terminal would finish (a control inside it, or far too long): dropped.
    this.state = "text";
    this.pending = "";
    return code >= 0x20 && code <= 0x3f ? "" : this.text(ch);
  }

  private complete(final: string): string {
    const sequence = this.pending + final;
    this.state = "text";
    this.pending = "";
    return this.mode === "plain" ? "" : sequence;
  }
}

/**
 * Program output as plain text for a page, whole (a check's evidence): no escape sequences, no control strings,
 * no controls but TAB, LF and CR. Also what PostgreSQL's jsonb needs: it refuses a NUL character.
 */
export function plainText(text: string): string {
  return new TerminalSanitiser("plain").push(text);
}

/**
 * Bytes from the container's terminal to safe text: UTF-8 decoded across chunk boundaries (a character split
 * between two reads is not mangled), then sanitised.
 */
export function terminalOutputDecoder(): { write(chunk: Buffer): string; end(): string } {
  const decoder = new StringDecoder("utf8");
  const sanitiser = new TerminalSanitiser();
  return {
    write: (chunk) => sanitiser.push(decoder.write(chunk)),
    end: () => sanitiser.push(decoder.end()),
  };
}
