import { describe, expect, it } from "vitest";
import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";
import { idParam, routeParams, rowIdParams, slugParam } from "./route-params";

const schema = z.object({ slug: slugSchema, id: rowIdSchema });

async function refusal(params: Record<string, string>): Promise<RequestError> {
  const err = await routeParams(Promise.resolve(params), schema).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RequestError);
  return err as RequestError;
}

describe("routeParams", () => {
  it("hands back parameters of the right shape", async () => {
    await expect(routeParams(Promise.resolve({ slug: "first-image", id: "ck1" }), schema)).resolves.toEqual({
      slug: "first-image",
      id: "ck1",
    });
  });

  it("answers 400 naming the parameter and its value, escaped and cut short", async () => {
    const nul = await refusal({ slug: "first-image", id: "\u0000" });
    expect(nul.httpStatus).toBe(400);
    expect(nul.message).toBe('This address is not valid: its id "\\u0000" is not an id.');
    expect(nul.details).toEqual({ param: "id" });
    const long = await refusal({ slug: "S".repeat(10_000), id: "ck1" });
    expect(long.message).toBe(
      `This address is not valid: its slug "${"S".repeat(40)}…" must be kebab-case (a-z, 0-9, -).`,
    );
    const surrogate = await refusal({ slug: "a\ud800", id: "ck1" });
    expect(surrogate.message).toContain('its slug "a\ufffd"');
  });
});

describe("route parameters", () => {
  it("answers the ids and the slug as given when they have their shapes", async () => {
    await expect(idParam(Promise.resolve({ id: "abc_123" }))).resolves.toEqual({ id: "abc_123" });
    await expect(slugParam(Promise.resolve({ slug: "layer-caching" }))).resolves.toEqual({ slug: "layer-caching" });
    const both = rowIdParams(Promise.resolve({ id: "c1", assignmentId: "a2" }), "id", "assignmentId");
    await expect(both).resolves.toEqual({ id: "c1", assignmentId: "a2" });
  });

  it("refuses a parameter of no possible shape with a 400 that names it", async () => {
    const refused = await rowIdParams(Promise.resolve({ id: "c1", userId: "a\u0000b" }), "id", "userId").catch(
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(RequestError);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", details: { param: "userId" } });
  });
});
