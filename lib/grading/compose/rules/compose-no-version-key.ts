import { fail, pass } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { withCompose } from "../compose-context";
import { composeFileOf, composeFindingsAt, deleteLine } from "../compose-quick-fix";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeNoVersionKey: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-no-version-key",
    category: "correctness",
    title: "No obsolete top-level version key",
    measures: "The Compose file must not have a top-level `version:` key.",
    points: 1,
    why:
      "The version key belonged to the old docker-compose v1 file formats. " +
      "Compose v2 follows the Compose Specification, ignores the key and warns " +
      "that it is obsolete; keeping it suggests v1 semantics that no longer apply.",
    fix: "Delete the version: line; start the file with services:.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file }) => {
      const data = file.data as Record<string, unknown> | null;
      if (!data || typeof data !== "object" || !("version" in data))
        return pass("The file has no version key, as the Compose Specification expects.");
      return fail({
        message: `version: ${JSON.stringify(data.version)} is obsolete: Compose v2 ignores it and prints a warning.`,
        location: file.at(["version"]),
        evidence: `version: ${String(data.version)}`,
        fix: "Delete the version: line.",
      });
    }),
  quickFixFile: composeFileOf,
  quickFix: (text, line, ctx) => {
    // Only a top-level key on its own line: a flow mapping ({version: ..., services: ...}) is not one line's edit.
    if (!/^version\s*:/.test(text.split("\n")[line - 1] ?? "")) return undefined;
    if (!composeFindingsAt(composeNoVersionKey.run(ctx), ctx, line).length) return undefined;
    return deleteLine(text, line, "Delete the obsolete version: line");
  },
};
