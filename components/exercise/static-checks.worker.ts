import type { InstantReport } from "@/components/instant-report/instant-report";
import { type InstantCheckInput, instantFindings } from "./instant-findings";

export type InstantCheckRequest = { id: number; input: InstantCheckInput };
export type InstantCheckReply = { id: number; report: InstantReport };

// The static rules run here, off the main thread, so checking a long Dockerfile never makes typing stutter.
addEventListener("message", async (event: MessageEvent<InstantCheckRequest>) => {
  const { id, input } = event.data;
  postMessage({ id, report: await instantFindings(input) } satisfies InstantCheckReply);
});
