import { describe, expect, it } from "vitest";
import { startTerminal, type Terminal } from "./lab-terminal";

function collect(terminal: Terminal): () => string {
  let out = "";
  terminal.onOutput((chunk) => (out += chunk.toString()));
  return () => out;
}

async function until(read: () => string, pattern: RegExp): Promise<string> {
  await expect.poll(read, { timeout: 10_000, interval: 20 }).toMatch(pattern);
  return read();
}

describe("the pty bridge", () => {
  it("gives the command a terminal of the asked size, passes keystrokes and ends with its exit code", async () => {
    const terminal = startTerminal(["bash", "-c", "stty size; read x; echo got $x; exit 3"], { cols: 90, rows: 33 });
    const out = collect(terminal);
    await until(out, /33 90\r\n/);
    terminal.write("hello\r");
    // The terminal echoes the line, then the command answers it.
    expect(await until(out, /got hello\r\n/)).toContain("hello\r\n");
    expect(await terminal.exited).toBe(3);
  });

  it("resizes the terminal, and the command is told (SIGWINCH)", async () => {
    const terminal = startTerminal(
      ["bash", "-c", "trap 'echo winched; stty size' WINCH; echo ready; while :; do sleep 0.05; done"],
      { cols: 80, rows: 24 },
    );
    const out = collect(terminal);
    await until(out, /ready/);
    terminal.resize({ cols: 120, rows: 40 });
    await until(out, /winched\r\n40 120\r\n/);
    terminal.close();
    expect(await terminal.exited).not.toBe(0);
  });

  it("sends Ctrl-C to the command's foreground job, and the bridge lives on", async () => {
    const terminal = startTerminal(["bash", "--norc", "--noprofile", "-i"], { cols: 80, rows: 24 });
    const out = collect(terminal);
    await until(out, /# $/);
    // The job says when it runs: by then bash has given it the terminal (its child takes the foreground before it
    // runs the command). Seeing only the echoed line is not enough: on a busy machine a Ctrl-C sent between the fork
    // and that hand-over reaches bash, which ignores it, and the sleep runs on.
    terminal.write("sh -c 'echo running; exec sleep 100'\r");
    await until(out, /running\r\n/);
    terminal.write("\u0003");
    // The interrupt flushes what was typed after it, as on any terminal: the next line waits for the prompt.
    await until(out, /\^C\r\n.*# $/);
    terminal.write("echo interrupted-$?\r");
    await until(out, /interrupted-130\r\n/);
    terminal.write("exit 5\r");
    expect(await terminal.exited).toBe(5);
  });

  it("hangs the command up when closed", async () => {
    const terminal = startTerminal(["bash", "-c", "echo up; sleep 100"], { cols: 80, rows: 24 });
    const out = collect(terminal);
    await until(out, /up/);
    terminal.close();
    // SIGHUP: 128 + 1.
    expect(await terminal.exited).toBe(129);
  });
});
