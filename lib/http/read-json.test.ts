import { describe, expect, it } from "vitest";
import { z } from "zod";
import { draftRequestSchema } from "../drafts/drafts";
import { readJson } from "./read-json";
import { errorResponse } from "./to-response";

function post(body: string): Request {
  return new Request("http://localhost/api/x", { method: "POST", body });
}

async function answer(body: string, schema: z.ZodType): Promise<{ status: number; message: string }> {
  const response = errorResponse(await readJson(post(body), schema, 1024 * 1024).catch((e: unknown) => e));
  return {
    status: response.status,
    message: ((await response.json()) as { error: { message: string } }).error.message,
  };
}

describe("readJson and text that is not valid Unicode", () => {
  it("refuses a lone surrogate escape anywhere in a body with a 400 naming its place", async () => {
    const schema = z.object({ note: z.object({ text: z.string() }) });
    expect(await answer('{"note":{"text":"ok\\nnot \\ud800 ok"}}', schema)).toEqual({
      status: 400,
      message:
        "The request has text that is not valid Unicode at note.text: line 2, column 5 has a lone UTF-16 surrogate " +
        "(\\uD800), half of a character that is not valid Unicode; delete it, or type the whole character again.",
    });
  });

  it("names the file and line for a draft or submission's files", async () => {
    const body = JSON.stringify({
      files: [{ path: "Dockerfile", content: "FROM x\nRUN echo \udc00\n" }],
      baseRevision: 0,
    });
    const { status, message } = await answer(body, draftRequestSchema);
    expect(status).toBe(400);
    expect(message).toBe(
      'The request is not valid (files.0.content): in "Dockerfile", line 2, column 10 has a lone UTF-16 surrogate ' +
        "(\\uDC00), half of a character that is not valid Unicode; delete it, or type the whole character again.",
    );
  });

  it("passes surrogate pairs (emoji) through untouched", async () => {
    const schema = z.object({ text: z.string() });
    await expect(readJson(post('{"text":"\\ud83d\\udc33"}'), schema, 1024)).resolves.toEqual({ text: "🐳" });
  });
});

describe("readJson and a body over the limit", () => {
  const LIMIT = 1024 * 1024;
  const CHUNK = 64 * 1024;
  const schema = z.object({ text: z.string() });

  /** A chunked upload: no Content-Length, `total` bytes of JSON (or endless), counting what the reader pulled. */
  function chunked(total = Number.POSITIVE_INFINITY) {
    const sent = { bytes: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent.bytes >= total) return controller.close();
        const piece = new TextEncoder().encode(
          sent.bytes === 0 ? `{"text":"${"x".repeat(CHUNK - 9)}` : "x".repeat(CHUNK),
        );
        sent.bytes += piece.byteLength;
        controller.enqueue(piece);
      },
    });
    const request = new Request("http://localhost/api/x", { method: "POST", body, duplex: "half" } as RequestInit);
    return { request, sent };
  }

  async function refusal(request: Request): Promise<{ status: number; message: string }> {
    const response = errorResponse(await readJson(request, schema, LIMIT).catch((e: unknown) => e));
    return {
      status: response.status,
      message: ((await response.json()) as { error: { message: string } }).error.message,
    };
  }

  it("refuses one with a Content-Length by that header, with the limit in words", async () => {
    const request = new Request("http://localhost/api/x", {
      method: "POST",
      body: JSON.stringify({ text: "x".repeat(1_999_989) }),
      headers: { "content-length": "2000000" },
    });
    expect(await refusal(request)).toEqual({ status: 413, message: "The upload is 2 MB or more; the limit is 1 MiB." });
  });

  it("refuses a chunked one (no Content-Length) the same way, by counting its bytes", async () => {
    const { request } = chunked(5 * LIMIT);
    expect(request.headers.get("content-length")).toBeNull();
    const { status, message } = await refusal(request);
    expect(status).toBe(413);
    // The size it had counted when it stopped: just over the limit, whatever the whole upload would have been.
    expect(message).toBe("The upload is 1.11 MB or more; the limit is 1 MiB.");
  });

  it("stops reading an endless chunked body at the limit instead of buffering it", async () => {
    const { request, sent } = chunked();
    expect((await refusal(request)).status).toBe(413);
    // What it read is the limit and the one chunk that crossed it (and what the stream had queued ahead), no more.
    expect(sent.bytes).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it("reads a chunked body within the limit whole", async () => {
    const { request } = chunked(2 * CHUNK);
    const closing = new Request(request.url, {
      method: "POST",
      body: request.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          flush: (controller) => controller.enqueue(new TextEncoder().encode('"}')),
        }),
      ),
      duplex: "half",
    } as RequestInit);
    const { text } = await readJson(closing, schema, LIMIT);
    expect(text.length).toBe(2 * CHUNK - 9);
  });
});
