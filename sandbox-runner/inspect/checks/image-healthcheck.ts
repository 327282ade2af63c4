import { fail, LESSONS, pass, skipped } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

export const imageHealthcheck: ImageCheck = {
  spec: {
    id: "correctness.image-healthcheck",
    category: "correctness",
    title: "The image declares a HEALTHCHECK",
    method: "image",
    measures:
      "The Healthcheck field of the built image's config (set by HEALTHCHECK, " +
      "inherited from the base, or disabled by HEALTHCHECK NONE).",
    points: 2,
    why:
      "Without a health check Docker only knows whether the process is alive, " +
      "not whether the service answers. Orchestrators and `docker ps` use the " +
      "health status to restart a hung model server or to hold traffic until " +
      "the model has loaded.",
    fix:
      "Add a HEALTHCHECK that calls the service's health endpoint, e.g. " +
      '`HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import ' +
      "urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')\"`.",
    lesson: LESSONS.health,
    params: ["run.requireHealthcheck"],
    equivalent: "dockle CIS-DI-0006",
  },
  run({ facts, checks }) {
    if (!checks.run?.requireHealthcheck) return skipped("This exercise does not require a HEALTHCHECK.");
    const test = facts.config.healthcheck?.test ?? [];
    if (test.length === 0) {
      return fail({
        message: "The image has no HEALTHCHECK, so Docker cannot tell a running-but-stuck service from a healthy one.",
        location: "image config",
        evidence: "Config.Healthcheck is not set",
      });
    }
    if (test[0] === "NONE") {
      return fail({
        message:
          "The health check is switched off with `HEALTHCHECK NONE`, so Docker " +
          "cannot tell whether the service answers.",
        location: "image config",
        evidence: 'Config.Healthcheck.Test = ["NONE"]',
        fix: "Replace `HEALTHCHECK NONE` with a check that calls the service's health endpoint.",
      });
    }
    const command = test[0] === "CMD-SHELL" ? test.slice(1).join(" ") : test.slice(test[0] === "CMD" ? 1 : 0).join(" ");
    return pass(`The image declares a health check: ${command}`, `Config.Healthcheck.Test = ${JSON.stringify(test)}`);
  },
};
