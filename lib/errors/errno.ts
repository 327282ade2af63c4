/**
 * Node's system errors (ENOENT, ESRCH, EBUSY, ...) carry their cause as a string `code`. These name the ones a caller
 * expects, so that only those read as a normal state ("the file is gone") and every other failure still surfaces.
 */
export function isErrno(err: unknown, ...codes: string[]): boolean {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" && codes.includes(code);
}

/** A `.catch` handler: `fallback` for a system error with one of `codes`, the error rethrown otherwise. */
export function ifErrno<F>(codes: readonly string[], fallback: F): (err: unknown) => F {
  return (err) => {
    if (isErrno(err, ...codes)) return fallback;
    throw err;
  };
}
