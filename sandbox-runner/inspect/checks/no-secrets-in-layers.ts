import type { DockerfileModel } from "../../grading/lib";
import { type Finding, fail, LESSONS, pass } from "../../grading/lib";
import { capitalise, layerLabel, layerLocation, plural } from "../describe-layer";
import { describeHits } from "../describe-secret";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import type { ImageFacts, SecretHit } from "../image-facts";
import { type LayerSources, locateLayers } from "../locate-layers";
import { overlayOf } from "../overlay-layers";
import { type SecretValue, secretBuildArgs, secretEnvVars } from "../secret-config-values";

const MAX_FINDINGS = 8;

export const noSecretsInLayers: ImageCheck = {
  spec: {
    id: "security.no-secrets-in-layers",
    category: "security",
    title: "No secrets in the image's layers, ENV or build args",
    method: "image",
    measures:
      "Every file your layers add, including files a later layer deletes: " +
      "secret-looking names (.env, id_rsa, *.pem, credentials, .netrc, .npmrc, " +
      ".pypirc, kubeconfig) and known key formats in small text files (AWS, " +
      "GitHub, OpenAI, Hugging Face, Slack, PEM private keys); plus ENV values " +
      "and build args with secret names or formats.",
    points: 3,
    why:
      "Everyone who can pull an image can read every layer of it, not just the " +
      "final file system: `docker save` hands out each layer as a tar. A key " +
      "that was copied in and deleted later is still in the layer that added " +
      "it, and ENV values and build args are listed by `docker inspect` and " +
      "`docker history`.",
    fix:
      "Keep secrets out of the image: list them in .dockerignore, pass them at " +
      "run time (`docker run -e` or a mounted file), and use `RUN " +
      "--mount=type=secret` for credentials a build step needs. Treat any key " +
      "that was in a pushed image as leaked and rotate it.",
    lesson: LESSONS.secrets,
    equivalent: "dockle CIS-DI-0010 (plus deleted files, which dockle does not look at)",
  },
  run({ facts, dockerfile }) {
    const sources = locateLayers(facts.history, dockerfile);
    const findings = [...fileFindings(facts, sources), ...valueFindings(facts, dockerfile)];
    if (findings.length === 0) {
      const note = facts.secretScanTruncated
        ? " (the contents of some small files were not read: the image has more than the grader scans)"
        : "";
      return pass(`No secret-looking files, keys or tokens in your layers, ENV or build args${note}.`);
    }
    if (findings.length > MAX_FINDINGS) {
      const more = plural(findings.length - MAX_FINDINGS, "more place");
      return fail(...findings.slice(0, MAX_FINDINGS), { message: `And ${more} with secrets.` });
    }
    return fail(...findings);
  },
};

function fileFindings(facts: ImageFacts, sources: LayerSources): Finding[] {
  const { shadowed } = overlayOf(facts.layers);
  const hits = facts.layers.filter((l) => !l.isBase).flatMap((l) => l.secrets.map((hit) => ({ hit, layer: l.index })));
  const byFile = groupBy(hits, ({ hit, layer }) => `${layer}\u0000${hit.path}`);
  return [...byFile.values()].map((group) => {
    const layer = facts.layers[group[0]!.layer]!;
    const path = group[0]!.hit.path;
    const found: SecretHit[] = group.map((g) => g.hit);
    const hidden = shadowed.find((s) => s.layer === layer.index && s.entry.path === path);
    let message = `/${path}, added by ${layerLabel(layer, sources)}, contains ${describeHits(found)}.`;
    if (hidden) {
      const verb = hidden.how === "deleted" ? "deletes" : "overwrites";
      message +=
        ` ${capitalise(layerLabel(facts.layers[hidden.hiddenBy]!, sources))} ${verb} ` +
        `it, but that only hides it from the final file system: the bytes are ` +
        `still inside layer ${layer.index + 1}, and anyone with the image can ` +
        `extract them (\`docker save\`, then untar that layer).`;
    }
    return {
      message,
      location: layerLocation(layer, sources),
      evidence: found.map((h) => `${h.kind}: /${h.path}${h.line ? `:${h.line}` : ""} ${h.preview}`).join("\n"),
      fix: hidden
        ? "Deleting in a later step does not help. Keep the file out of the build " +
          "context with .dockerignore (and out of COPY), or mount it only for the " +
          "step that needs it with `RUN --mount=type=secret,id=...`."
        : undefined,
    };
  });
}

function valueFindings(facts: ImageFacts, dockerfile: DockerfileModel): Finding[] {
  const instructions = dockerfile.shippedStages.flatMap((s) => s.instructions);
  const lineOf = (value: SecretValue) =>
    instructions.findLast(
      (i) => i.keyword === value.source && new RegExp(`(^|\\s)${value.name}[=\\s]`).test(`${i.args} `),
    )?.line;
  const describe = (value: SecretValue, where: string, fix: string): Finding => {
    const line = lineOf(value);
    return {
      message: `${value.source} ${value.name} is stored in the image (${where}); ${value.reason}.`,
      location: line ? `Dockerfile:${line}` : "image config",
      evidence: `${value.name}=${value.preview}`,
      fix,
    };
  };
  return [
    ...secretEnvVars(facts).map((v) =>
      describe(
        v,
        "visible to anyone through `docker inspect`",
        `Remove the value from the Dockerfile and pass it when the container ` +
          `starts: \`docker run -e ${v.name}=...\` or a secrets file mounted at run time.`,
      ),
    ),
    ...secretBuildArgs(facts).map((v) =>
      describe(
        v,
        "the classic builder records build-arg values in `docker history`",
        `Do not give ${v.name} a secret value in the Dockerfile; for a credential ` +
          `a build step needs, use \`RUN --mount=type=secret,id=${v.name.toLowerCase()}\` ` +
          `instead of ARG.`,
      ),
    ),
  ];
}
