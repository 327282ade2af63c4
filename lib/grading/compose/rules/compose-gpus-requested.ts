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
      "A container sees no GPU unless something asks for one. The gpus: key and the deploy device reservation are " +
      "Compose's documented request, the same as docker run --gpus: the engine hands it to the NVIDIA Container " +
      "Toolkit (through its hook, or as CDI devices since Docker 28.3), on any host where the toolkit is installed, " +
      "and it can name how many GPUs or which ones. `runtime: nvidia` is nvidia-docker2's legacy route. It does " +
      "expose GPUs where the host registered that runtime: whichever the container's NVIDIA_VISIBLE_DEVICES names, " +
      "which is the image's value (all GPUs in CUDA images, none in an image that does not set it) unless the " +
      'service\'s environment: sets it (NVIDIA_VISIBLE_DEVICES: "1" picks GPU 1). But it fails on hosts that never ' +
      "registered that runtime, cannot ask for a count, and leaves the choice to a variable any image can set.",
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
              "requesting GPUs: it works only where the host registered that runtime, and hands in whichever " +
              "GPUs the container's NVIDIA_VISIBLE_DEVICES names (the image's value unless environment: sets it), " +
              "never a count the engine picks."
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
