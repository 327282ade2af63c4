import { describe, expect, it } from "vitest";
import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";
import { routeParams } from "./route-params";

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
