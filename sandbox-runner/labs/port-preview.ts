import type { z } from "zod";
import type { LabEngine } from "./lab-engine";
import { type LabHttpAnswer, labHttpGet, labProbe } from "./lab-probe";
import { labPreviewRequestSchema } from "./lib";

export type PortPreviewRequest = z.input<typeof labPreviewRequestSchema>;

/** The answer as text (the first 2 KB of the body): a page shows it as text, never renders it. */
export type PortPreview = LabHttpAnswer;

/**
 * Sends GET http://127.0.0.1:<port><path> from inside the lab (lab-probe.ts): a port of the host answers
 * "connection refused" there, so the preview cannot be turned against the platform.
 */
export async function previewLabPort(engine: LabEngine, request: PortPreviewRequest): Promise<PortPreview> {
  const { port, path } = labPreviewRequestSchema.parse(request);
  return (
    (await labHttpGet(labProbe(engine), port, path)) ?? {
      status: null,
      body: "",
      error: "the lab did not answer the preview (it may be busy or stopping)",
    }
  );
}
