import { describe, expect, it } from "vitest";
import type { ShellView } from "@/lib/shell/shell-view";
import { offerFromView } from "./offer-from-view";

const view = (over: Partial<ShellView>): ShellView => ({
  available: true,
  keptUntil: "2026-11-24T00:00:00.000Z",
  unavailable: null,
  shell: null,
  ...over,
});

describe("offerFromView", () => {
  it("reattaches to the viewer's live shell, even after the image's kept time", () => {
    const expired = { reason: "expired" as const, message: "gone" };
    expect(offerFromView(view({ available: false, unavailable: expired, shell: { id: "s", status: "open" } }))).toEqual(
      { reattach: true },
    );
  });

  it("passes on why the image cannot be used, with the server's words", () => {
    const offline = { reason: "engine-offline" as const, message: "The grading machine is offline." };
    expect(offerFromView(view({ available: false, unavailable: offline }))).toEqual({
      kept: { available: false, reason: "The grading machine is offline." },
    });
    expect(offerFromView(view({}))).toEqual({ kept: { available: true, reason: undefined } });
  });

  it("says nothing about a submission still being graded: its report (and image) arrive live", () => {
    const grading = { reason: "grading" as const, message: "still grading" };
    expect(offerFromView(view({ available: false, unavailable: grading }))).toEqual({});
  });
});
