import { LESSONS, pass, skipped, warn } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

export const exposesServicePort: ImageCheck = {
  spec: {
    id: "correctness.exposes-service-port",
    category: "correctness",
    title: "The image documents its port with EXPOSE",
    method: "image",
    measures:
      "Whether the ExposedPorts of the built image's config include the port " +
      "the exercise's service listens on (run.port), as <port>/tcp.",
    points: 1,
    why:
      "EXPOSE does not open or publish anything, but it is the image's " +
      "documentation of where the service listens: `docker run -P`, `docker ps` " +
      "and tools that read the image use it, and readers of the Dockerfile see " +
      "the port at a glance.",
    fix: "Add `EXPOSE <port>` for the port your service listens on, next to the CMD that starts it.",
    lesson: LESSONS.serviceDockerfile,
    params: ["run.port"],
    equivalent: "container-structure-test (metadataTest exposedPorts)",
  },
  run({ facts, checks }) {
    const port = checks.run?.port;
    if (port === undefined) return skipped("This exercise does not run a service.");
    const wanted = `${port}/tcp`;
    if (facts.config.exposedPorts.includes(wanted))
      return pass(`The image exposes ${wanted}.`, `ExposedPorts = ${facts.config.exposedPorts.join(", ")}`);
    const others =
      facts.config.exposedPorts.length > 0 ? ` It exposes ${facts.config.exposedPorts.join(", ")} instead.` : "";
    return warn({
      message: `The image does not EXPOSE ${port}, the port the service listens on.${others}`,
      location: "image config",
      evidence: `ExposedPorts = ${JSON.stringify(facts.config.exposedPorts)}`,
      fix: `Add \`EXPOSE ${port}\` to the final stage.`,
    });
  },
};
