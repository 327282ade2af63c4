import { type Finding, fail, pass } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { withCompose } from "../compose-context";
import { COMPOSE_RULE } from "./compose-rule-base";

/** localhost / 127.0.0.1 as a host: in a URL, before a port, or as the whole value. */
const LOOPBACK = /(^|[/@=])(localhost|127\.0\.0\.1)(:\d+|\/|$)/i;

export const composeServicesByName: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-services-by-name",
    category: "correctness",
    title: "Services reach each other by service name, not localhost",
    measures: "No environment value of a service points at localhost or 127.0.0.1 (URLs and host:port values).",
    points: 2,
    why:
      "Each container has its own network namespace: localhost inside the api " +
      "container is the api container itself. Compose puts the services on a " +
      "shared network where each is reachable by its service name, e.g. " +
      "redis://cache:6379.",
    fix: "Use the service name as the host: REDIS_URL=redis://cache:6379/0, MLFLOW_TRACKING_URI=http://tracking:5000.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const names = services.map((s) => s.name);
      const findings: Finding[] = [];
      for (const s of services) {
        for (const e of s.environment) {
          if (e.value && LOOPBACK.test(e.value)) {
            findings.push({
              message: `${s.name} sets ${e.name}=${e.value}, but localhost there is the ${s.name} container itself.`,
              location: file.at(e.key),
              evidence: `${e.name}=${e.value}`,
              fix: `Point it at a service name instead (one of: ${names.filter((n) => n !== s.name).join(", ")}).`,
            });
          }
        }
      }
      return findings.length ? fail(...findings) : pass("Services address each other by name.");
    }),
};
