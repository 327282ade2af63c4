import { fail, LESSONS, pass } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

/** Defaults of base images: an interactive shell or interpreter, which exits at once without a TTY. */
const INTERACTIVE = /^(?:.*\/)?(bash|sh|dash|ash|python[\d.]*|ipython[\d.]*|node)$/;

const same = (a: string[] | null, b: string[] | null) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const cmdOrEntrypoint: ImageCheck = {
  spec: {
    id: "correctness.cmd-or-entrypoint",
    category: "correctness",
    title: "The image starts your service by default",
    method: "image",
    measures: "The Cmd and Entrypoint of the built image's config, compared with the base image's defaults.",
    points: 2,
    why:
      "`docker run image` (and every orchestrator) starts whatever " +
      "CMD/ENTRYPOINT says. Left at the base image's default, the container " +
      "starts a bare shell or Python prompt, which exits at once without a " +
      "terminal, so the service never runs.",
    fix:
      "End the final stage with an exec-form CMD that starts the service, e.g. " +
      '`CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]`.',
    lesson: LESSONS.serviceDockerfile,
    equivalent: "container-structure-test (metadataTest cmd/entrypoint)",
  },
  run({ facts, dockerfile }) {
    const { cmd, entrypoint } = facts.config;
    const started = [...(entrypoint ?? []), ...(cmd ?? [])].join(" ");
    const evidence = `Entrypoint = ${JSON.stringify(entrypoint)}, Cmd = ${JSON.stringify(cmd)}`;
    const last = dockerfile.shippedStages
      .flatMap((s) => s.instructions)
      .findLast((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT");
    const location = last ? `Dockerfile:${last.line}` : "image config";
    const failWith = (message: string) => fail({ message, location, evidence });

    if (!cmd && !entrypoint)
      return failWith("The image has neither CMD nor ENTRYPOINT, so `docker run` has nothing to start.");
    const base = facts.base?.config;
    if (base && same(cmd, base.cmd) && same(entrypoint, base.entrypoint)) {
      return failWith(
        `The image still starts the base image's default (\`${started}\`), not ` +
          `your service: the Dockerfile never sets its own CMD or ENTRYPOINT.`,
      );
    }
    if (!entrypoint && cmd && cmd.length === 1 && INTERACTIVE.test(cmd[0]!)) {
      return failWith(
        `The image starts \`${cmd[0]}\`, an interactive program that exits at ` +
          `once without a terminal, instead of your service.`,
      );
    }
    return pass(`The image starts \`${started}\` by default.`, evidence);
  },
};
