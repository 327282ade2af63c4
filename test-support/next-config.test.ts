import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { SUBMISSION_LIMITS } from "../lib/file-sets/limits";
import { readJson } from "../lib/http/read-json";
import { errorResponse } from "../lib/http/to-response";
import { SESSION_REQUEST_MAX_BYTES } from "../lib/sessions/send-session-input";
import { submissionRequestSchema } from "../lib/submissions/submission-request";

// Loaded as Next.js loads it: the config is plain JavaScript, outside the type-checked project.
const configUrl = pathToFileURL(path.resolve(import.meta.dirname, "../next.config.mjs")).href;
const LARGEST = Math.max(SUBMISSION_LIMITS.maxRequestBytes, SESSION_REQUEST_MAX_BYTES);

async function proxyCut(): Promise<number> {
  const { default: config } = (await import(configUrl)) as { default: NextConfig };
  return Number(config.experimental?.proxyClientMaxBodySize);
}

interface CloneableBody {
  cloneBodyStream(): Readable;
  finalize(): Promise<void>;
}

/**
 * A real HTTP server whose requests go through the body cloning Next.js does for its request proxy, with this
 * config's cut, and then to readJson as the submissions route calls it: the route's answer to one chunked upload.
 */
async function routeAnswerToChunkedUpload(totalBytes: number): Promise<{ status: number; message: string }> {
  const cut = await proxyCut();
  // Next.js's own module, not a copy: what the production server runs between the socket and the route.
  const { getCloneableBody, requestToBodyStream } = (await import("next/dist/server/body-streams.js")) as unknown as {
    getCloneableBody(readable: IncomingMessage, sizeLimit?: number): CloneableBody;
    requestToBodyStream(
      context: { ReadableStream: typeof ReadableStream },
      KUint8Array: typeof Uint8Array,
      stream: Readable,
    ): ReadableStream<Uint8Array>;
  };
  const server = createServer(async (req, res) => {
    const body = getCloneableBody(req, cut);
    body.cloneBodyStream().resume(); // what the proxy gets; proxy.ts never reads it
    await body.finalize();
    const request = new Request("http://localhost/api/submissions", {
      method: "POST",
      // As Next.js hands the route its body (not Node's Readable.toWeb, whose reader throws, uncaught, when data
      // arrives after the route cancelled the stream at its limit).
      body: requestToBodyStream({ ReadableStream }, Uint8Array, req),
      duplex: "half",
    } as RequestInit);
    const refusal = await readJson(request, submissionRequestSchema, SUBMISSION_LIMITS.maxRequestBytes).then(
      () => new Response(null, { status: 202 }),
      (err: unknown) => errorResponse(err),
    );
    res.writeHead(refusal.status, { "content-type": "application/json" }).end(await refusal.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    let sent = 0;
    const upload = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= totalBytes) return controller.close();
        const piece = Math.min(100_000, totalBytes - sent);
        controller.enqueue(
          new TextEncoder().encode(
            sent === 0 ? `{"files":[{"path":"a","content":"`.padEnd(piece, "x") : "x".repeat(piece),
          ),
        );
        sent += piece;
      },
    });
    // fetch sends a stream body as Transfer-Encoding: chunked, with no Content-Length.
    const response = await fetch(`http://127.0.0.1:${port}/api/submissions`, {
      method: "POST",
      body: upload,
      duplex: "half",
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, message: (JSON.parse(text) as { error: { message: string } }).error.message };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("next.config.mjs", () => {
  it("passes on every body a route accepts whole, and cuts a bigger one still over every limit", async () => {
    const cut = await proxyCut();
    // Next.js drops the chunk that crosses the cut; Node reads a body 64 KiB at a time at most.
    expect(cut - 64 * 1024).toBeGreaterThan(LARGEST);
    expect(cut).toBeLessThanOrEqual(LARGEST + 1024 * 1024);
  });

  it("has a chunked upload over the limit refused by its size (413, the limit in words), not as JSON", async () => {
    for (const total of [SUBMISSION_LIMITS.maxRequestBytes + 300_000, 40 * 1024 * 1024]) {
      const { status, message } = await routeAnswerToChunkedUpload(total);
      expect(status).toBe(413);
      expect(message).toMatch(/^The upload is [\d.]+ MB or more; the limit is 12 MiB\.$/);
    }
  }, 60_000);
});
