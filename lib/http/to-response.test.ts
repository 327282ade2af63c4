import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { PlatformFault } from "../errors/platform-fault";
import { RequestError } from "../errors/request-error";
import { errorResponse } from "./to-response";

async function answer(err: unknown): Promise<{ status: number; body: unknown }> {
  const response = errorResponse(err);
  return { status: response.status, body: await response.json() };
}

describe("errorResponse", () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  afterEach(() => logged.mockClear());

  it("answers a request error with its status and the body pages read", async () => {
    const message = `"../x" points outside your project folder.`;
    expect(await answer(new RequestError("INVALID_PATH", message, { path: "../x" }))).toEqual({
      status: 400,
      body: { error: { code: "INVALID_PATH", message, details: { path: "../x" } } },
    });
    expect(await answer(new RequestError("INVALID_DOCKERFILE", "Dockerfile:1: unknown instruction"))).toEqual({
      status: 422,
      body: { error: { code: "INVALID_DOCKERFILE", message: "Dockerfile:1: unknown instruction" } },
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it("tells a rate-limited caller when to come back, in the Retry-After header as well as the message", async () => {
    const message = "You have submitted 20 times in the last 10 minutes. Try again in 3 minutes.";
    const err = new RequestError("RATE_LIMITED", message, { retryAfterSeconds: 150 }, { retryAfterSeconds: 150 });
    const response = errorResponse(err);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("150");
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message, details: { retryAfterSeconds: 150 } },
    });
    expect(errorResponse(new RequestError("CONFLICT", "busy")).headers.get("Retry-After")).toBeNull();
  });

  it("answers invalid input with a 400 naming the field", async () => {
    const parsed = z.object({ slug: z.string() }).safeParse({ slug: 1 });
    const { status, body } = await answer(parsed.error);
    expect(status).toBe(400);
    const message = expect.stringMatching(/^The request is not valid \(slug\): /);
    expect(body).toMatchObject({ error: { code: "BAD_REQUEST", message } });
  });

  it("logs a platform fault and tells the caller nothing of its message", async () => {
    const content = new PlatformFault("content", "content/lessons/01/quiz.yaml: not valid YAML");
    expect(await answer(content)).toEqual({
      status: 500,
      body: { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } },
    });
    expect(logged).toHaveBeenCalledWith("[api] content fault", content);

    const { status, body } = await answer(new PlatformFault("database", 'relation "submission" does not exist'));
    expect(status).toBe(503);
    expect(JSON.stringify(body)).not.toContain("submission");
  });

  it("answers anything unexpected with a generic 500 and logs it", async () => {
    const err = new Error("secret connection string");
    expect(await answer(err)).toEqual({
      status: 500,
      body: { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } },
    });
    expect(logged).toHaveBeenCalledWith("[api] unexpected error", err);
  });
});
