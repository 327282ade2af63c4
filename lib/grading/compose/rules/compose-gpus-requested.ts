import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, expectedWith, withCompose } from "../compose-context";
import { composeExpectedServices } from "./compose-expected-services";
import { COMPOSE_RULE } from "./compose-rule-base";

const DEPLOY_DEVICES =
  "deploy: { resources: { reservations: { devices: [{ driver: nvidia, count: all, capabilities: [gpu] }] } } }";

export const composeGpusRequested: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    lesson: LESSONS.gpuHost,
    id: "correctness.compose-gpus-requested",
    category: "correctness",
    title: "GPU services ask the engine for GPUs",
    measures:
      "Each service the exercise marks as needing GPUs (compose.services.<name>.gpus) requests them: the gpus: " +
      "key, or a deploy device reservation whose capabilities include gpu.",
    points: 2,
    params: ["compose.file", "compose.services"],
    why:
      "A container sees no GPU unless something tells the NVIDIA Container Toolkit to hand it one. The gpus: key and " +
      "the deploy device reservation are Compose's documented request: Docker passes it to the toolkit, on any host " +
      "where the toolkit is installed, and it can name how many GPUs or which ones. `runtime: nvidia` is " +
      "nvidia-docker2's legacy route. It does expose GPUs where the host registered that runtime, but only the ones " +
      "the image's NVIDIA_VISIBLE_DEVICES lists (all of them in CUDA images; usually none in an image that does not " +
      "set it), it fails on hosts that never registered the runtime, and it cannot limit the job to a count or to " +
      "particular GPUs.",
    fix: `Under the service: gpus: all (Compose 2.30 or later), or ${DEPLOY_DEVICES}.`,
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const wanted = expectedWith(expected, (e) => e.gpus);
      if (wanted.length === 0) return skipped("No service of this exercise needs a GPU.");
      const findings: Finding[] = [];
      const asked: string[] = [];
      for (const name of wanted) {
        const service = services.find((s) => s.name === name);
        // A missing service is correctness.compose-expected-services' finding.
        if (!service) continue;
        const request = service.gpuRequests[0];
        if (request) {
          asked.push(`${name} (${request.via === "gpus" ? "gpus:" : "a deploy device reservation"})`);
          continue;
        }
        const runtime = service.runtime?.name === "nvidia" ? service.runtime : undefined;
        findings.push({
          message: runtime
            ? `${describeService(name, expected)} sets runtime: nvidia, nvidia-docker2's legacy switch, instead of ` +
              "requesting GPUs: it works only where the host registered that runtime, exposes whatever the image's " +
              "NVIDIA_VISIBLE_DEVICES says, and cannot choose how many GPUs or which."
            : `${describeService(name, expected)} asks for no GPU, so the container sees none and CUDA finds no ` +
              "device.",
          location: file.at(runtime?.key ?? ["services", name]),
          fix: runtime
            ? "Replace runtime: nvidia with gpus: all."
            : `Add gpus: all under ${name}: (or ${DEPLOY_DEVICES}).`,
        });
      }
      if (findings.length) return fail(...findings);
      return asked.length
        ? pass(`GPU services request GPUs: ${asked.join(", ")}.`)
        : skipped(`None of the GPU services is in the file (see "${composeExpectedServices.spec.title}").`);
    }),
};
