import type { RequestError } from "../lib/errors/request-error";

/** What a promise that must be refused threw: a test reads its code and message, and fails if nothing was thrown. */
export async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  return (await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: unknown) => err,
  )) as RequestError;
}
