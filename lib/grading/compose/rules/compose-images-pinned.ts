import { parseImageRef } from "../../../dockerfile/image-ref";
import { type Finding, fail, pass } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { withCompose } from "../compose-context";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composeImagesPinned: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "security.compose-images-pinned",
    category: "security",
    title: "Every service image is pinned to a version",
    measures: "Each service's image: has an explicit tag other than latest, or a digest.",
    points: 2,
    why:
      "An untagged image means :latest, which moves whenever its publisher " +
      "pushes. Teammates then run different Redis or MLflow versions from the " +
      "same file, and a routine `docker compose pull` can change behaviour or " +
      "break the stack.",
    fix: "Pin a version you have tested, e.g. image: redis:7.2.5-bookworm (add @sha256:… for an exact image).",
    equivalent: "hadolint DL3007 (for Dockerfiles)",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        if (!s.image) continue;
        const ref = parseImageRef(s.image);
        if (ref?.digest) continue;
        if (!ref?.tag || ref.tag === "latest") {
          findings.push({
            message:
              `${s.name} uses ${s.image}${ref?.tag ? "" : " (no tag, so :latest)"}, ` +
              `which changes whenever a new version is pushed.`,
            location: file.at(["services", s.name, "image"]),
            evidence: `image: ${s.image}`,
          });
        }
      }
      const pinned = services.filter((s) => s.image).map((s) => s.image);
      return findings.length
        ? fail(...findings)
        : pass(
            pinned.length ? `Images are pinned: ${pinned.join(", ")}.` : "No service pulls an image; all are built.",
          );
    }),
};
