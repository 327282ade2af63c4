import { lineageBefore } from "../../dockerfile/model";
import { normalizePath } from "./context-path";
import { contextFilesFor, copySpec, imagePathOf } from "./copy-sources";
import { resolvedMounts } from "./rule-helpers";
import type { DockerInstruction, StaticContext } from "./static-context";

/**
 * Which build-context file a path used by a RUN refers to, e.g. the
 * requirements.txt in "pip install -r requirements.txt". Follows bind mounts
 * and the COPY lines before the RUN (last one wins, like the image), then
 * falls back to a same-named context file. undefined when nothing matches.
 */
export function locateContextFile(ctx: StaticContext, run: DockerInstruction, path: string): string | undefined {
  const workdir = ctx.workdir(run);
  const wanted = path.startsWith("/") ? `/${normalizePath(path)}` : `/${normalizePath(`${workdir}/${path}`)}`;
  for (const { mount, target: targetAbs } of resolvedMounts(ctx, run)) {
    // A bind mount without from= shows the build context (bind is the default type).
    if (mount.type !== "bind" || mount.from) continue;
    const source = mount.source ?? "";
    if (targetAbs === wanted && ctx.files.has(normalizePath(source))) return normalizePath(source);
    if (wanted.startsWith(`${targetAbs}/`)) {
      const inside = normalizePath(`${source}/${wanted.slice(targetAbs.length + 1)}`);
      if (ctx.files.has(inside)) return inside;
    }
  }
  let found: string | undefined;
  for (const i of lineageBefore(ctx, run)) {
    if (i.keyword !== "COPY" && i.keyword !== "ADD") continue;
    const spec = copySpec(i);
    if (spec.from || spec.heredoc) continue;
    const copyWorkdir = ctx.workdir(i);
    for (const source of spec.sources) {
      for (const file of contextFilesFor(ctx, source))
        if (imagePathOf(file, source, spec, copyWorkdir) === wanted) found = file;
    }
  }
  if (found) return found;
  const relative = normalizePath(path);
  if (ctx.files.has(relative)) return relative;
  const base = relative.slice(relative.lastIndexOf("/") + 1);
  const sameName = [...ctx.files.keys()].filter((f) => f === base || f.endsWith(`/${base}`));
  return sameName.length === 1 ? sameName[0] : undefined;
}
