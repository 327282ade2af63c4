import { type Finding, fail, pass } from "../../checks/check-spec";
import { findSecretFormat, looksLikeSecretName } from "../../secret-formats";
import type { StaticContext } from "../../static/static-context";
import type { StaticRule } from "../../static/static-rule";
import { withCompose } from "../compose-context";
import { composeFileOf, composeFindingsAt, replaceLineFrom } from "../compose-quick-fix";
import { COMPOSE_RULE } from "./compose-rule-base";

/** ${VAR}, ${VAR:-default}, $VAR: the value comes from the shell or an uncommitted .env. */
const INTERPOLATED = /^\$\{?[A-Za-z_][A-Za-z0-9_]*/;

export const composeNoInlineSecrets: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "security.compose-no-inline-secrets",
    category: "security",
    title: "No secrets written into the Compose file",
    measures:
      "No environment entry whose name looks like a secret (PASSWORD, TOKEN, " +
      "API_KEY, ...) has a literal value, and no value matches a known token " +
      "format; values may come from ${VARIABLES}, env_file or secrets.",
    points: 3,
    why:
      "compose.yaml is committed and shared, so a password written into it is " +
      "in the repository history for good, on every laptop and in every CI log " +
      "that prints the config.",
    fix:
      "Leave the value out (environment: [DB_PASSWORD] passes it through from " +
      "your shell), reference a variable (${DB_PASSWORD}) set in an uncommitted " +
      ".env, or use env_file: or Compose secrets:.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        for (const e of s.environment) {
          if (e.value === undefined || e.value === "" || INTERPOLATED.test(e.value)) continue;
          const format = findSecretFormat(e.value);
          if (format || looksLikeSecretName(e.name)) {
            findings.push({
              message:
                `${s.name} sets ${e.name} to a literal ${format ? format.format.name : "value"} ` +
                `in the committed file.`,
              location: file.at(e.key),
              evidence: `${e.name}=${e.value.slice(0, 3)}…`,
              fix: `${e.name}: \${${e.name}}   # ${whereTheValueLives(ctx, e.name)}`,
            });
          }
        }
      }
      return findings.length ? fail(...findings) : pass("No secret values are written into the file.");
    }),
  quickFixFile: composeFileOf,
  quickFix: (text, line, ctx) => {
    const [finding] = composeFindingsAt(composeNoInlineSecrets.run(ctx), ctx, line);
    const name = finding?.evidence?.split("=")[0];
    // Only when .env already sets the variable: otherwise ${NAME} would start the stack without a value.
    if (!name || !envSets(ctx, name)) return undefined;
    const source = text.split("\n")[line - 1] ?? "";
    const title = `Read ${name} from .env as \${${name}}`;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const item = /^\s*-\s*/.exec(source);
    if (item && new RegExp(`^["']?${escaped}=`).test(source.slice(item[0].length)))
      return replaceLineFrom(text, line, item[0].length + 1, title, `${name}=\${${name}}`);
    const entry = new RegExp(`^\\s*(["']?)${escaped}\\1\\s*:[ \\t]*`).exec(source);
    // A block scalar (| or >) or a value on the next line is more than this line's edit.
    const rest = entry ? source.slice(entry[0].length) : "";
    if (!entry || rest === "" || /^[|>]/.test(rest)) return undefined;
    return replaceLineFrom(text, line, entry[0].length + 1, title, `\${${name}}`);
  },
};

/** Where the variable's value comes from, as far as the files the learner may edit go. */
function whereTheValueLives(ctx: StaticContext, name: string): string {
  if (ctx.editable(".env")) return "value in an uncommitted .env, or use env_file:/secrets:";
  if (envSets(ctx, name)) return `the exercise's .env sets ${name}, and Compose reads it from there`;
  return "set it in your shell before docker compose up, or use Compose secrets:";
}

/** Whether the .env file next to the compose file sets `name`. */
function envSets(ctx: StaticContext, name: string): boolean {
  const sets = (line: string) =>
    line
      .trim()
      .replace(/^export\s+/, "")
      .startsWith(`${name}=`);
  return ctx.files.get(".env")?.split("\n").some(sets) ?? false;
}
