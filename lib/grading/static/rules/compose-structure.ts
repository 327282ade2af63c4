import { LESSONS } from "../../checks/lessons";
import { fail, pass, skipped, type Finding } from "../../checks/check-spec";
import { validateComposeSpec } from "../../compose/validate-compose-spec";
import { STATIC, type StaticRule } from "../static-rule";
import { composeParse, withCompose } from "./compose-context";

const base = { ...STATIC, lesson: LESSONS.compose, params: ["compose.file"] };

export const composeSpecValid: StaticRule = {
  spec: {
    ...base,
    id: "correctness.compose-spec-valid",
    category: "correctness",
    title: "The Compose file is valid YAML and follows the Compose Specification",
    measures: "Parses compose.file as YAML (duplicate keys rejected) and validates it against the Compose Specification's JSON schema (the compose-spec project's schema, as packaged on npm), the same structure `docker compose config` enforces.",
    points: 3,
    why: "Compose refuses a file it cannot parse or that uses keys it does not know, and a typo such as `prots:` or `depend_on:` is otherwise silently ignored by some tools, so the stack starts without the setting you meant.",
    fix: "Fix the YAML at the line shown (indentation, a missing colon, a duplicated key) and use only keys from the Compose Specification; run `docker compose config` locally to see the file as Compose reads it.",
    equivalent: "docker compose config",
  },
  run(ctx) {
    const compose = ctx.checks.compose;
    if (!compose) return skipped("This exercise has no Compose file to grade.");
    const result = composeParse(ctx);
    if (!result) return fail({ message: `There is no ${compose.file} in your submission.`, location: compose.file, fix: `Create ${compose.file} with a top-level services: key.` });
    if (!result.ok) return fail({ message: `${compose.file} is not valid YAML: ${result.message}`, location: `${compose.file}:${result.line}` });
    const problems = validateComposeSpec(result.file.data);
    if (problems.length === 0) return pass(`${compose.file} follows the Compose Specification.`);
    return fail(...problems.slice(0, 5).map((p): Finding => ({ message: p.message, location: result.file.at(p.keys) })));
  },
};

export const composeNoVersionKey: StaticRule = {
  spec: {
    ...base,
    id: "correctness.compose-no-version-key",
    category: "correctness",
    title: "No obsolete top-level version key",
    measures: "The Compose file must not have a top-level `version:` key.",
    points: 1,
    why: "The version key belonged to the old docker-compose v1 file formats. Compose v2 follows the Compose Specification, ignores the key and warns that it is obsolete; keeping it suggests v1 semantics that no longer apply.",
    fix: "Delete the version: line; start the file with services:.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file }) => {
      const data = file.data as Record<string, unknown> | null;
      if (!data || !("version" in data)) return pass("The file has no version key, as the Compose Specification expects.");
      return fail({ message: `version: ${JSON.stringify(data.version)} is obsolete: Compose v2 ignores it and prints a warning.`, location: file.at(["version"]), evidence: `version: ${String(data.version)}`, fix: "Delete the version: line." });
    }),
};

export const composeDependsOnHealthy: StaticRule = {
  spec: {
    ...base,
    id: "correctness.compose-depends-on-healthy",
    category: "correctness",
    title: "Services wait for their dependencies to be healthy",
    measures: "Every depends_on entry uses the long form with condition: service_healthy, and every service depended on defines a healthcheck that is not disabled.",
    points: 3,
    why: "A plain depends_on only waits for the dependency's container to start, not for the server inside to accept connections, so the API starts first and crashes or retries against a cache or tracking server that is still booting. Waiting for service_healthy needs a healthcheck on the dependency.",
    fix: "depends_on:\n  cache:\n    condition: service_healthy\nand give cache a healthcheck, e.g. test: [\"CMD\", \"redis-cli\", \"ping\"].",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const byName = new Map(services.map((s) => [s.name, s]));
      const findings: Finding[] = [];
      for (const service of services) {
        for (const dep of service.dependsOn) {
          if (dep.condition !== "service_healthy") {
            findings.push({ message: `${service.name} depends on ${dep.name} ${dep.condition ? `with condition ${dep.condition}` : "in the short form"}, which only waits for the container to start.`, location: file.at(dep.key), fix: `depends_on:\n  ${dep.name}:\n    condition: service_healthy` });
          }
          const target = byName.get(dep.name);
          if (target && (!target.healthcheck || target.healthcheck.disabled)) {
            findings.push({ message: `${dep.name} has no healthcheck, so Compose cannot tell when it is ready for ${service.name}.`, location: file.at(["services", dep.name]) });
          }
        }
      }
      if (findings.length) return fail(...findings);
      const edges = services.flatMap((s) => s.dependsOn.map((d) => `${s.name} → ${d.name}`));
      return edges.length ? pass(`Start-up waits for healthy dependencies: ${edges.join(", ")}.`) : pass("No service depends on another.");
    }),
};

export const composeStateOnNamedVolumes: StaticRule = {
  spec: {
    ...base,
    id: "correctness.compose-state-on-named-volumes",
    category: "correctness",
    title: "Stateful services keep their data on named volumes",
    measures: "Each service listed in compose.stateful mounts at least one named volume that is declared under the top-level volumes: key (not an anonymous volume, not only a bind mount).",
    points: 2,
    params: ["compose.file", "compose.stateful"],
    why: "A container's writable layer disappears when Compose re-creates the container (a new image, a changed setting, docker compose down). Experiment runs in a tracking server or a cache's append-only file must live on a named volume to survive that; anonymous volumes are orphaned on re-creation.",
    fix: "Under the service: volumes: [\"tracking-data:/mlflow\"], and at the top level: volumes: { tracking-data: {} }.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, volumes, stateful }) => {
      if (stateful.length === 0) return skipped("This exercise names no stateful services.");
      const findings: Finding[] = [];
      for (const name of stateful) {
        const service = services.find((s) => s.name === name);
        if (!service) {
          findings.push({ message: `The stack has no service called ${name}.`, location: file.at(["services"]) });
          continue;
        }
        const named = service.volumes.filter((v) => v.type === "volume" && v.source && volumes.has(v.source));
        if (named.length > 0) continue;
        const undeclared = service.volumes.find((v) => v.type === "volume" && v.source && !volumes.has(v.source));
        findings.push(
          undeclared
            ? { message: `${name} mounts the volume "${undeclared.source}", which is not declared under the top-level volumes: key.`, location: file.at(undeclared.key), fix: `volumes:\n  ${undeclared.source}: {}` }
            : { message: `${name} keeps its data only in the container (or an anonymous volume), so it is lost when the container is re-created.`, location: file.at(["services", name]) },
        );
      }
      return findings.length ? fail(...findings) : pass(`Stateful services keep their data on named volumes: ${stateful.join(", ")}.`);
    }),
};
