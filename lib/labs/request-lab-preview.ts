import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { ownSession } from "../sessions/own-session";
import { notRunning } from "../sessions/send-session-input";
import { notifySessionControl } from "../sessions/session-store";
import type { labPreviewRequestSchema } from "./lab-protocol";

/**
 * Asks the lab host to request `GET 127.0.0.1:<port><path>` inside the learner's open lab. The answer arrives later
 * as a `preview` event on the lab's stream, carrying the request id returned here, so the page can tell its own
 * answer from an earlier one's. Only an open lab has a network to ask.
 */
export async function requestLabPreview(
  user: CurrentUser,
  sessionId: string,
  request: z.infer<typeof labPreviewRequestSchema>,
): Promise<{ requestId: string }> {
  const lab = await ownSession(user.id, sessionId, { kind: "lab" });
  if (lab.status !== "open") throw await notRunning(lab, "preview");
  const requestId = randomUUID();
  // The schema caps the path far below a NOTIFY's size, so the message always fits.
  await notifySessionControl(pool(), { kind: "preview", sessionId, requestId, port: request.port, path: request.path });
  return { requestId };
}
