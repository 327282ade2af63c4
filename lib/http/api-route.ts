import { errorResponse } from "./to-response";

/**
 * An API route handler whose every throw is answered by errorResponse: a RequestError as itself, anything else as a
 * generic 500 or 503 that is logged here. Routes only parse, call their domain function and answer.
 */
export function apiRoute<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
