import { type Finding, fail, pass } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, withCompose } from "../compose-context";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeDependsOnHealthy: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-depends-on-healthy",
    category: "correctness",
    title: "Services wait for their dependencies to be healthy",
    measures:
      "Every depends_on entry uses the long form with condition: " +
      "service_healthy, every service depended on defines a healthcheck that is " +
      "not disabled, and each service waits for the services the exercise says " +
      "it needs (compose.services.<name>.dependsOn).",
    points: 3,
    params: ["compose.file", "compose.services"],
    why:
      "A plain depends_on only waits for the dependency's container to start, " +
      "not for the server inside to accept connections, so the API starts first " +
      "and crashes or retries against a cache or tracking server that is still " +
      "booting. Waiting for service_healthy needs a healthcheck on the dependency.",
    fix:
      "depends_on:\n  cache:\n    condition: service_healthy\nand give cache a " +
      'healthcheck, e.g. test: ["CMD", "redis-cli", "ping"].',
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const byName = new Map(services.map((s) => [s.name, s]));
      const findings: Finding[] = [];
      for (const [name, wants] of Object.entries(expected)) {
        const service = byName.get(name);
        // A missing service is correctness.compose-expected-services' finding.
        if (!service) continue;
        for (const dep of wants.dependsOn) {
          if (service.dependsOn.some((d) => d.name === dep)) continue;
          findings.push({
            message:
              `${name} does not wait for ${describeService(dep, expected)} at all: it ` +
              `has no depends_on entry for it, so Compose may start ${name} first.`,
            location: file.at(service.dependsOn.length ? ["services", name, "depends_on"] : ["services", name]),
            fix: `depends_on:\n  ${dep}:\n    condition: service_healthy`,
          });
        }
      }
      for (const service of services) {
        for (const dep of service.dependsOn) {
          if (dep.condition !== "service_healthy") {
            const how = dep.condition ? `with condition ${dep.condition}` : "in the short form";
            findings.push({
              message: `${service.name} depends on ${dep.name} ${how}, which only waits for the container to start.`,
              location: file.at(dep.key),
              fix: `depends_on:\n  ${dep.name}:\n    condition: service_healthy`,
            });
          }
          const target = byName.get(dep.name);
          if (target && (!target.healthcheck || target.healthcheck.disabled)) {
            findings.push({
              message:
                `${dep.name} has ${target.healthcheck ? "its healthcheck disabled" : "no healthcheck"}, ` +
                `so Compose cannot tell when it is ready for ${service.name}.`,
              location: file.at(["services", dep.name]),
              fix: `Give ${dep.name} a healthcheck: with a test that succeeds only once it serves requests.`,
            });
          }
        }
      }
      if (findings.length) return fail(...findings);
      const edges = services.flatMap((s) => s.dependsOn.map((d) => `${s.name} → ${d.name}`));
      return edges.length
        ? pass(`Start-up waits for healthy dependencies: ${edges.join(", ")}.`)
        : pass("No service depends on another.");
    }),
};
