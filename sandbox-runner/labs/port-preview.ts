import { spawn } from "node:child_process";
import { z } from "zod";
import { HTTP_PROBE_SCRIPT } from "../run/http-probe-script";
import { type LabEngine, labExecArgs } from "./lab-engine";

/** What a learner may ask the port preview for: a port of the lab and a path on it, nothing else. */
export const portPreviewRequestSchema = z
  .object({
    port: z.number().int().min(1).max(65_535),
    path: z
      .string()
      .max(2000)
      .regex(/^\/[^\s]*$/, "a path that starts with / and has no spaces, such as /health")
      .default("/"),
  })
  .strict();
export type PortPreviewRequest = z.infer<typeof portPreviewRequestSchema>;

const answerSchema = z.object({ status: z.number().int().nullable(), body: z.string(), error: z.string().nullable() });
/** The answer as text (the first 2 KB of the body): a page shows it as text, never renders it. */
export type PortPreview = z.infer<typeof answerSchema>;

const PREVIEW_TIMEOUT_MS = 10_000;

/**
 * Sends GET http://127.0.0.1:<port><path> from inside the lab: from its own network namespace, where the lab's
 * published ports are, so the request can reach nothing but the lab. The runner never opens a connection into the
 * lab itself.
 */
export async function previewLabPort(engine: LabEngine, request: PortPreviewRequest): Promise<PortPreview> {
  const { port, path } = portPreviewRequestSchema.parse(request);
  const url = `http://127.0.0.1:${port}${path}`;
  const [command, ...args] = labExecArgs(engine, ["python3", "-c", HTTP_PROBE_SCRIPT, url, "GET", "", "5"]);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (out.length < 64 * 1024) out += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), PREVIEW_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return answerSchema.parse(JSON.parse(line));
  } catch {
    return { status: null, body: "", error: "the lab did not answer the preview (it may be busy or stopping)" };
  }
}
