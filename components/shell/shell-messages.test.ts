import { describe, expect, it } from "vitest";
import { readSessionError, readShellError } from "./session-errors";
import { parseShellMessage } from "./shell-messages";

describe("parseShellMessage", () => {
  it("reads an SSE message whose event name is the type and whose data is the payload", () => {
    expect(parseShellMessage("output", JSON.stringify({ text: "$ " }))).toEqual({
      type: "output",
      data: { text: "$ " },
    });
    expect(parseShellMessage("status", JSON.stringify({ status: "closed", message: "Idle for 5 minutes." }))).toEqual({
      type: "status",
      data: { status: "closed", message: "Idle for 5 minutes." },
    });
  });

  it("takes a payload that is a whole event as it is", () => {
    const event = { type: "status", data: { status: "open" } };
    expect(parseShellMessage("message", JSON.stringify(event))).toEqual(event);
  });

  it("ignores what is no shell event: bad JSON, an unknown status, a wrong shape", () => {
    expect(parseShellMessage("output", "{not json")).toBeNull();
    expect(parseShellMessage("status", JSON.stringify({ status: "exploded" }))).toBeNull();
    expect(parseShellMessage("output", JSON.stringify({ text: 42 }))).toBeNull();
  });
});

describe("readShellError", () => {
  it("shows the server's message and, on a 409 for another open shell, names that shell", () => {
    const body = {
      error: { code: "CONFLICT", message: "You already have a shell open.", details: { sessionId: "s2" } },
    };
    expect(readShellError(409, body)).toEqual({ message: "You already have a shell open.", otherShellId: "s2" });
  });

  it("offers no shell to close for a 409 that is about the image, nor for other errors", () => {
    const gone = {
      error: { code: "CONFLICT", message: "This submission's image is gone.", details: { reason: "expired" } },
    };
    expect(readShellError(409, gone)).toEqual({ message: "This submission's image is gone." });
    expect(readShellError(503, { error: { message: "Offline.", details: { sessionId: "x" } } })).toEqual({
      message: "Offline.",
    });
  });

  it("says what to do when the answer carries no message (a proxy's error page)", () => {
    expect(readShellError(502, null).message).toMatch(/HTTP 502.*try again/);
  });
});

describe("readSessionError", () => {
  it("names the other session by whichever detail field the endpoint uses, and starts its own fallback", () => {
    const body = { error: { message: "You already have a lab open.", details: { labId: "l1", slug: "x" } } };
    expect(readSessionError(409, body, "The lab could not be started", ["sessionId", "labId"])).toEqual({
      message: "You already have a lab open.",
      otherId: "l1",
    });
    expect(readSessionError(500, null, "The lab could not be started", []).message).toMatch(
      /^The lab could not be started \(HTTP 500\)/,
    );
  });
});
