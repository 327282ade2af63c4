import { describe, expect, it } from "vitest";
import type { TerminalInput } from "@/lib/sessions/session-protocol";

/** What the queue sends: keystrokes and sizes (closing a lab's tab goes straight to the host). */
type ShellInput = Exclude<TerminalInput, { type: "close-terminal" }>;

import { chunkInput, InputQueue } from "./input-queue";

/** A server that answers each send when the test says so, recording what arrived in order. */
function slowServer() {
  const sent: ShellInput[] = [];
  const answers: { resolve: () => void; reject: (err: Error) => void }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const send = (message: ShellInput) =>
    new Promise<void>((resolve, reject) => {
      sent.push(message);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      answers.push({
        resolve: () => {
          inFlight--;
          resolve();
        },
        reject: (err) => {
          inFlight--;
          reject(err);
        },
      });
    });
  const answerAll = async () => {
    while (answers.length) {
      answers.shift()!.resolve();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { sent, send, answers, answerAll, mostInFlight: () => mostInFlight };
}

const text = (sent: ShellInput[]) => sent.map((m) => (m.type === "input" ? m.data : `[${m.cols}x${m.rows}]`)).join("");

describe("chunkInput", () => {
  it("cuts long text into pieces of the limit, in order", () => {
    expect(chunkInput("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(chunkInput("", 3)).toEqual([]);
  });

  it("never cuts between the halves of an emoji", () => {
    const pieces = chunkInput("ab😀cd", 3);
    expect(pieces).toEqual(["ab", "😀c", "d"]);
    for (const piece of pieces) expect(piece.isWellFormed()).toBe(true);
  });
});

describe("InputQueue", () => {
  it("holds input until the shell is open", async () => {
    const server = slowServer();
    const queue = new InputQueue({ send: server.send, onFailure: () => {} });
    queue.type("ls");
    expect(server.sent).toEqual([]);
    queue.start();
    expect(server.sent).toEqual([{ type: "input", data: "ls" }]);
  });

  it("keeps one request in flight and batches keys typed meanwhile: 1,000 keys become two requests", async () => {
    const server = slowServer();
    const queue = new InputQueue({ send: server.send, onFailure: () => {} });
    queue.start();
    const keys = Array.from({ length: 1000 }, (_, i) => String.fromCharCode(97 + (i % 26)));
    for (const key of keys) queue.type(key);
    expect(server.sent).toHaveLength(1);
    await server.answerAll();
    await queue.idle();
    expect(server.mostInFlight()).toBe(1);
    expect(server.sent).toHaveLength(2);
    expect(text(server.sent)).toBe(keys.join(""));
  });

  it("sends a paste larger than one message in pieces of the limit, in order", async () => {
    const server = slowServer();
    const queue = new InputQueue({ send: server.send, onFailure: () => {}, maxChunkChars: 10 });
    queue.start();
    const paste = `${"0123456789".repeat(3)}xyz`;
    queue.type(paste);
    await server.answerAll();
    await queue.idle();
    expect(server.sent.map((m) => (m.type === "input" ? m.data.length : 0))).toEqual([10, 10, 10, 3]);
    expect(text(server.sent)).toBe(paste);
  });

  it("keeps keys and resizes in the order they happened, sending only the newest of waiting resizes", async () => {
    const server = slowServer();
    const queue = new InputQueue({ send: server.send, onFailure: () => {} });
    queue.start();
    queue.type("a");
    queue.type("b");
    queue.resize(80, 24);
    queue.resize(100, 30);
    queue.type("c");
    await server.answerAll();
    await queue.idle();
    expect(text(server.sent)).toBe("ab[100x30]c");
  });

  it("stops after a refused send: reports it once and drops what waits", async () => {
    const server = slowServer();
    const failures: unknown[] = [];
    const queue = new InputQueue({ send: server.send, onFailure: (err) => failures.push(err) });
    queue.start();
    queue.type("a");
    queue.type("b");
    server.answers.shift()!.reject(new Error("closed"));
    await queue.idle();
    queue.type("c");
    expect(failures).toHaveLength(1);
    expect(text(server.sent)).toBe("a");
  });

  it("drops the end of a paste larger than it holds and says how much", async () => {
    const server = slowServer();
    const dropped: number[] = [];
    const queue = new InputQueue({
      send: server.send,
      onFailure: () => {},
      onDropped: (n) => dropped.push(n),
      maxPendingChars: 100,
    });
    queue.type("x".repeat(150));
    queue.type("y");
    expect(dropped).toEqual([50, 1]);
    queue.start();
    await server.answerAll();
    await queue.idle();
    expect(text(server.sent)).toBe("x".repeat(100));
  });
});
