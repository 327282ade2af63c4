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
