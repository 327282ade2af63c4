import { describe, expect, it } from "vitest";
import { readSessionError } from "./session-errors";
import { parseSessionMessage } from "./shell-messages";

describe("parseSessionMessage", () => {
  it("reads an SSE message whose event name is the type and whose data is the payload", () => {
    expect(parseSessionMessage("output", JSON.stringify({ text: "$ " }))).toEqual({
      type: "output",
      data: { text: "$ " },
    });
    expect(parseSessionMessage("status", JSON.stringify({ status: "closed", message: "Idle for 5 minutes." }))).toEqual(
      {
        type: "status",
        data: { status: "closed", message: "Idle for 5 minutes." },
      },
    );
  });

  it("reads a lab's task and preview events with the same one schema", () => {
    const task = { id: "create-volume", done: false, found: "no volume yet", hint: "docker volume create" };
    expect(parseSessionMessage("task", JSON.stringify(task))).toEqual({ type: "task", data: task });
    const preview = { requestId: "r1", port: 8080, path: "/", status: 200, body: "ok", error: null };
    expect(parseSessionMessage("preview", JSON.stringify(preview))).toEqual({ type: "preview", data: preview });
  });

  it("takes a payload that is a whole event as it is", () => {
    const event = { type: "status", data: { status: "open" } };
    expect(parseSessionMessage("message", JSON.stringify(event))).toEqual(event);
  });

  it("ignores what is no session event: bad JSON, an unknown status or type, a wrong shape", () => {
    expect(parseSessionMessage("output", "{not json")).toBeNull();
    expect(parseSessionMessage("status", JSON.stringify({ status: "exploded" }))).toBeNull();
    // A shell's "requested" is now "queued", like every kind's.
    expect(parseSessionMessage("status", JSON.stringify({ status: "requested" }))).toBeNull();
    expect(parseSessionMessage("output", JSON.stringify({ text: 42 }))).toBeNull();
    expect(parseSessionMessage("exploded", JSON.stringify({ text: "$ " }))).toBeNull();
    expect(parseSessionMessage("task", JSON.stringify({ id: "create-volume", done: "yes", found: "" }))).toBeNull();
  });
});

describe("readSessionError", () => {
  it("shows the server's message and, on a 409 naming the account's other session, offers to close it", () => {
    const body = {
      error: { code: "CONFLICT", message: "You already have a shell open.", details: { sessionId: "s2" } },
    };
    expect(readSessionError(409, body, "The shell could not be opened")).toEqual({
      message: "You already have a shell open.",
      otherId: "s2",
    });
  });

  it("offers no session to close for a 409 about something else, nor for other errors", () => {
    const gone = {
      error: { code: "CONFLICT", message: "This submission's image is gone.", details: { reason: "expired" } },
    };
    expect(readSessionError(409, gone, "The shell could not be opened")).toEqual({
      message: "This submission's image is gone.",
    });
    expect(readSessionError(503, { error: { message: "Offline.", details: { sessionId: "x" } } }, "x")).toEqual({
      message: "Offline.",
    });
  });

  it("says what to do when the answer carries no message (a proxy's error page)", () => {
    expect(readSessionError(502, null, "The lab could not be started").message).toMatch(
      /^The lab could not be started \(HTTP 502\)\. Reload the page and try again\./,
    );
  });
});
