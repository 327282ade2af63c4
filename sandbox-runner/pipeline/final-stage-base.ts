import { DockerfileParser } from "dockerfile-ast";

/**
 * The external image the final stage ultimately starts from (following
 * `FROM <earlier stage>`), so its layers can be told apart from the learner's.
 * Undefined for `scratch` or an image named through an ARG.
 */
export function finalStageBase(dockerfile: string): string | undefined {
  const froms = DockerfileParser.parse(dockerfile).getFROMs();
  const byStage = new Map<string, string>();
  for (const from of froms) {
    const stage = from.getBuildStage();
    if (stage) byStage.set(stage.toLowerCase(), from.getImage() ?? "");
  }
  let image = froms.at(-1)?.getImage() ?? undefined;
  for (let hops = 0; image && byStage.has(image.toLowerCase()) && hops < froms.length; hops++) {
    image = byStage.get(image.toLowerCase());
  }
  if (!image || image === "scratch" || image.includes("$")) return undefined;
  if (image.includes("@")) return image;
  return image.slice(image.lastIndexOf("/") + 1).includes(":") ? image : `${image}:latest`;
}
