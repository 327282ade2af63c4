import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, expectedWith, withCompose } from "../compose-context";
import { composeExpectedServices } from "./compose-expected-services";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeStateOnNamedVolumes: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-state-on-named-volumes",
    category: "correctness",
    title: "Stateful services keep their data on named volumes",
    measures:
      "Each service the exercise marks stateful " +
      "(compose.services.<name>.stateful) mounts at least one named volume (not " +
      "an anonymous volume, not only a bind mount). Declaring the volume at the " +
      "top level is checked by correctness.compose-spec-valid.",
    points: 2,
    params: ["compose.file", "compose.services"],
    why:
      "A container's writable layer disappears when Compose re-creates the " +
      "container (a new image, a changed setting, docker compose down). " +
      "Experiment runs in a tracking server or a cache's append-only file must " +
      "live on a named volume to survive that. An anonymous volume (yours, or " +
      "one the image declares with VOLUME, as redis does for /data) survives a " +
      "re-creation by `up`, but `down` leaves it behind unnamed and the next " +
      "`up` starts on a new, empty one; bind mounts tie the data to one host " +
      "path and its file permissions.",
    fix: 'Under the service: volumes: ["tracking-data:/mlflow"], and at the top level: volumes: { tracking-data: {} }.',
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const stateful = expectedWith(expected, (e) => e.stateful);
      if (stateful.length === 0) return skipped("This exercise names no stateful services.");
      const findings: Finding[] = [];
      const kept: string[] = [];
      for (const name of stateful) {
        const service = services.find((s) => s.name === name);
        // A missing service is correctness.compose-expected-services' finding.
        if (!service) continue;
        const named = service.volumes.find((v) => v.type === "volume" && v.source);
        if (named) {
          kept.push(`${name} on ${named.source}`);
          continue;
        }
        const bind = service.volumes.find((v) => v.type === "bind");
        const orAnonymous = service.volumes.length ? " or an anonymous volume" : "";
        findings.push(
          bind
            ? {
                message:
                  `${describeService(name, expected)} keeps its data in a bind mount of ${bind.source}: ` +
                  `tied to that host folder and its permissions, not a volume Docker manages.`,
                location: file.at(bind.key),
                evidence: `${bind.source}:${bind.target}`,
              }
            : {
                message:
                  `${describeService(name, expected)} keeps its data only in the container${orAnonymous} ` +
                  "(or in the anonymous volume its image declares, if it declares one), so after " +
                  "`docker compose down` the next `up` starts without it.",
                location: file.at(service.volumes[0]?.key ?? ["services", name]),
              },
        );
      }
      if (findings.length) return fail(...findings);
      return kept.length
        ? pass(`Stateful services keep their data on named volumes: ${kept.join(", ")}.`)
        : skipped(`None of the stateful services is in the file (see "${composeExpectedServices.spec.title}").`);
    }),
};
