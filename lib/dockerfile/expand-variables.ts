/** Looks a variable up; undefined means "not defined at this point". */
export type VariableLookup = (name: string) => string | undefined;

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} the way the Dockerfile
 * frontend does for FROM, WORKDIR, USER, ENV and friends. A variable that is
 * not defined is kept as written so callers can tell "unknown" from "empty".
 */
export function expandVariables(text: string, lookup: VariableLookup): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = text.replace(
    VARIABLE,
    (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const current = lookup(name);
      if (op === ":-" || op === "-") {
        const useDefault = current === undefined || (op === ":-" && current === "");
        return useDefault ? (word ?? "") : current;
      }
      if (op === ":+" || op === "+") {
        const set = current !== undefined && (op === "+" || current !== "");
        return set ? (word ?? "") : "";
      }
      if (current === undefined) {
        unresolved = true;
        return whole;
      }
      return current;
    },
  );
  return { value, unresolved };
}
