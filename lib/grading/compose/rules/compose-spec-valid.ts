import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { composeParse } from "../compose-context";
import type { ComposeEngineVerdict } from "../compose-engine-verdict";
import { validateComposeReferences } from "../compose-references";
import type { ComposeFile } from "../parse-compose";
import { validateComposeSpec } from "../validate-compose-spec";
import { COMPOSE_RULE } from "./compose-rule-base";

const NOT_STARTED =
  "The stack itself is not started here (its images cannot be pulled on the " +
  "graders): it is graded by these rules and by config parsing.";

export const composeSpecValid: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-spec-valid",
    category: "correctness",
    title: "Docker Compose can load the file",
    measures:
      "Parses compose.file as YAML (duplicate keys rejected, merge keys " +
      "expanded), validates it against the Compose Specification's JSON schema, " +
      "and checks that every service in depends_on and every named volume, " +
      "network, secret and config a service uses is defined. Where the grader " +
      "has the Docker Compose v2 plugin, `docker compose config --quiet` must " +
      "accept the file too.",
    points: 3,
    why:
      "Compose refuses a file it cannot parse, with keys it does not know or " +
      "that names a volume or service it does not define, so nobody on the team " +
      "can start the stack. A typo such as `depend_on:` is worse when a tool " +
      "ignores it: the setting you meant silently does not exist.",
    fix:
      "Fix the YAML at the line shown (indentation, a missing colon, a " +
      "duplicated key), use only keys from the Compose Specification, and " +
      "declare every named volume under the top-level volumes: key. `docker " +
      "compose config` shows the file as Compose reads it.",
    equivalent: "docker compose config",
  },
  run(ctx) {
    const compose = ctx.checks.compose;
    if (!compose) return skipped("This exercise has no Compose file to grade.");
    const result = composeParse(ctx);
    if (!result)
      return fail({
        message: `There is no ${compose.file} in your submission.`,
        location: compose.file,
        fix: `Create ${compose.file} with a top-level services: key.`,
      });
    if (!result.ok)
      return fail({
        message: `${compose.file} is not valid YAML: ${result.message}`,
        location: `${compose.file}:${result.line}`,
      });
    const { file } = result;
    if (!file.data || typeof file.data !== "object" || Array.isArray(file.data)) {
      return fail({
        message: `${compose.file} holds no Compose mapping (it is empty, or a list or a plain value).`,
        location: `${compose.file}:1`,
        fix: "Start the file with a top-level services: key.",
      });
    }
    const problems = [...validateComposeSpec(file.data), ...validateComposeReferences(file.data)];
    const engine = ctx.composeEngine;
    if (problems.length) {
      const findings = problems.slice(0, 5).map((p): Finding => ({ message: p.message, location: file.at(p.keys) }));
      if (engine?.status === "rejected")
        findings[0] = { ...findings[0]!, evidence: `docker compose config: ${engine.message}` };
      return fail(...findings);
    }
    if (engine?.status === "rejected") {
      return fail({
        message: `docker compose config (Compose ${engine.version}) rejects the file: ${engine.message}`,
        location: engineLocation(file, engine),
        evidence: engine.message,
      });
    }
    return pass(
      `${compose.file} follows the Compose Specification, and every service, ` +
        `volume, network and secret it refers to is defined.${engineNote(engine)} ${NOT_STARTED}`,
    );
  },
};

function engineLocation(file: ComposeFile, engine: Extract<ComposeEngineVerdict, { status: "rejected" }>): string {
  if (engine.line) return `${file.path}:${engine.line}`;
  return engine.keys ? file.at(engine.keys) : file.path;
}

function engineNote(engine: ComposeEngineVerdict | undefined): string {
  if (!engine) return "";
  if (engine.status === "accepted") return ` docker compose config (Compose ${engine.version}) accepts it too.`;
  return engine.status === "not-run" ? ` ${engine.reason}` : "";
}
