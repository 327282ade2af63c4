import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, withCompose } from "../compose-context";
import { composeExpectedServices } from "./compose-expected-services";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeMountsInPlace: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    lesson: LESSONS.gpu,
    id: "correctness.compose-mounts-in-place",
    category: "correctness",
    title: "Inputs and outputs are mounted where the job reads and writes them",
    measures:
      "Each path the exercise lists for a service (compose.services.<name>.mounts) has a volume or bind mount: " +
      "read-only where it is an input (readOnly), and on a named volume or host folder where its files must outlive " +
      "the container (keep).",
    points: 2,
    params: ["compose.file", "compose.services"],
    why:
      "A training container is disposable; its data is not. The dataset comes in from outside the image, and " +
      "mounting it read-only means a bug cannot corrupt it. Checkpoints and results written only inside the " +
      "container, or to an anonymous volume nobody will find again, are lost with it, and a preempted run " +
      "cannot resume.",
    fix:
      'Under the service: volumes: ["./data:/data:ro", "checkpoints:/checkpoints", "outputs:/outputs"], and the ' +
      "named volumes at the top level: volumes: { checkpoints: {}, outputs: {} }.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const wanted = Object.entries(expected).filter(([, e]) => e.mounts.length > 0);
      if (wanted.length === 0) return skipped("This exercise lists no paths to mount.");
      const findings: Finding[] = [];
      const mounted: string[] = [];
      for (const [name, expectation] of wanted) {
        const service = services.find((s) => s.name === name);
        // A missing service is correctness.compose-expected-services' finding.
        if (!service) continue;
        const who = describeService(name, expected);
        for (const want of expectation.mounts) {
          const volume = service.volumes.find((v) => v.target?.replace(/\/+$/, "") === want.target);
          if (!volume) {
            findings.push({
              message: `${who} mounts nothing at ${want.target}: ${
                want.readOnly ? "the job finds no input there" : "what the job writes there is lost with the container"
              }.`,
              location: file.at(service.volumes.length ? ["services", name, "volumes"] : ["services", name]),
              fix: `Add ${suggestedMount(want)} to ${name}'s volumes.`,
            });
            continue;
          }
          const spelled = volume.source ? `${volume.source}:${volume.target}` : `${volume.target}`;
          if (want.readOnly && !volume.readOnly) {
            findings.push({
              message: `${who} mounts its input ${want.target} writable: the job could change or delete the dataset.`,
              location: file.at(volume.key),
              evidence: spelled,
              fix: `Add :ro to the mount (${spelled}:ro), or read_only: true in the long syntax.`,
            });
          } else if (want.keep && (volume.type === "anonymous" || volume.type === "tmpfs")) {
            findings.push({
              message:
                `${who} writes ${want.target} to ` +
                `${volume.type === "tmpfs" ? "a tmpfs in memory" : "an anonymous volume"}, ` +
                "which nobody finds again once the container is gone.",
              location: file.at(volume.key),
              evidence: spelled,
              fix: `Use a named volume: ${suggestedMount(want)}, declared under the top-level volumes:.`,
            });
          } else if (want.keep && volume.readOnly) {
            findings.push({
              message: `${who} mounts ${want.target} read-only, but the job must write there.`,
              location: file.at(volume.key),
              evidence: spelled,
              fix: `Drop :ro from ${spelled}.`,
            });
          } else
            mounted.push(`${want.target} (${volume.source ?? volume.type}${volume.readOnly ? ", read-only" : ""})`);
        }
      }
      if (findings.length) return fail(...findings);
      return mounted.length
        ? pass(`Mounted: ${mounted.join(", ")}.`)
        : skipped(`None of those services is in the file (see "${composeExpectedServices.spec.title}").`);
    }),
};

/** An input from the exercise's folder of the same name, read-only; an output on a named volume of its name. */
function suggestedMount(want: { target: string; readOnly: boolean }): string {
  const name = want.target.split("/").filter(Boolean).join("-");
  return want.readOnly ? `"./${name}:${want.target}:ro"` : `"${name}:${want.target}"`;
}
