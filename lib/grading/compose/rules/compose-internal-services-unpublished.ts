import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, expectedWith, withCompose } from "../compose-context";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeInternalServicesUnpublished: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "security.compose-internal-services-unpublished",
    category: "security",
    title: "Services only other containers use publish no ports",
    measures: "Services the exercise marks internal (compose.services.<name>.publishes: false) have no ports: entries.",
    points: 1,
    params: ["compose.file", "compose.services"],
    why:
      "Containers of one Compose project reach each other by service name on " +
      "the project's network without publishing anything. Publishing a cache or " +
      "database on the host only adds a way in, and often one without a " +
      "password; it also fails when the host port is already taken by another " +
      "project's Redis.",
    fix:
      "Delete the ports: of the internal service; the API still reaches it as " +
      "cache:6379 on the Compose network. To poke at it yourself, use docker " +
      "compose exec cache redis-cli.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const internal = expectedWith(expected, (e) => !e.publishes);
      if (internal.length === 0) return skipped("This exercise marks no service as internal.");
      const findings: Finding[] = [];
      for (const name of internal) {
        const service = services.find((s) => s.name === name);
        if (!service || service.ports.length === 0) continue;
        findings.push({
          message:
            `${describeService(name, expected)} publishes ${service.ports.map((p) => p.text).join(", ")} ` +
            `on the host, but only other containers talk to it.`,
          location: file.at(["services", name, "ports"]),
          evidence: service.ports.map((p) => p.text).join(", "),
        });
      }
      return findings.length ? fail(...findings) : pass(`Internal services publish nothing: ${internal.join(", ")}.`);
    }),
};
