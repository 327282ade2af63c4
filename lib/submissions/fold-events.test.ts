import { describe, expect, it } from "vitest";
import { EMPTY_VIEW, foldEvent } from "./fold-events";

describe("foldEvent", () => {
  it("appends log chunks in order and remembers the last event id", () => {
    let view = EMPTY_VIEW;
    view = foldEvent(view, { id: "1", type: "status", data: { status: "running" } });
    view = foldEvent(view, { id: "2", type: "log", data: { text: "Step 1/2 : FROM x\n" } });
    view = foldEvent(view, { id: "3", type: "phase", data: { name: "build", state: "started" } });
    view = foldEvent(view, { id: "4", type: "log", data: { text: "Step 2/2 : CMD y\n" } });
    expect(view).toMatchObject({
      status: "running",
      phase: "build",
      lastEventId: "4",
      log: "Step 1/2 : FROM x\nStep 2/2 : CMD y\n",
    });
  });

  it("clears the running phase when it finishes and keeps a status message", () => {
    let view = foldEvent(EMPTY_VIEW, { id: "7", type: "phase", data: { name: "build", state: "started" } });
    view = foldEvent(view, { id: "8", type: "phase", data: { name: "build", state: "finished" } });
    view = foldEvent(view, { id: "9", type: "status", data: { status: "error", message: "engine down" } });
    expect(view.phase).toBeUndefined();
    expect(view).toMatchObject({ status: "error", message: "engine down", lastEventId: "9" });
  });

  it("keeps what the submission was told when queued after the runner takes it and a result arrives", () => {
    let view = foldEvent(EMPTY_VIEW, { id: "1", type: "status", data: { status: "queued", message: "No GPU grader" } });
    view = foldEvent(view, { id: "2", type: "status", data: { status: "running" } });
    view = foldEvent(view, { id: "3", type: "status", data: { status: "passed" } });
    expect(view).toMatchObject({ status: "passed", notice: "No GPU grader", message: undefined });
    // A plain queued event tells nothing to keep.
    expect(foldEvent(EMPTY_VIEW, { id: "1", type: "status", data: { status: "queued" } }).notice).toBeUndefined();
  });
});
