import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, skipped } from "../../checks/check-spec";
import { normalizePath } from "../context-path";
import { locateContextFile } from "../locate-context-file";
import { pipInstall } from "../pip-commands";
import { unpinnedReason } from "../requirement-pin";
import { scanRequirements } from "../requirements-file";
import { outcome, runCommandsIn, stageInstructions } from "../rule-helpers";
import type { StaticContext } from "../static-context";
import { at, located, STATIC, type StaticRule } from "../static-rule";

export const pinPipVersions: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.pin-pip-versions",
    category: "security",
    title: "Python packages are pinned to exact versions",
    measures:
      "Packages named in pip install commands, and every line of the " +
      "requirements files they install with -r (read from the submitted files), " +
      "must pin an exact version with == (or ===, a commit-pinned VCS URL, or a " +
      "local path).",
    points: 2,
    why:
      "pip install fastapi installs whatever is newest on the day of the build, " +
      "and so does fastapi>=0.100. A rebuild next month can pull a release that " +
      "changes behaviour or breaks your model's loading code (scikit-learn " +
      "pickles, for instance, only load reliably in the version that wrote " +
      "them), and no one can tell which versions actually ran.",
    fix:
      "Pin every package with ==, e.g. scikit-learn==1.5.2. Tools like pip " +
      "freeze or pip-compile write a fully pinned requirements.txt for you.",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3013",
  },
  run(ctx) {
    const fails: Finding[] = [];
    const notes: string[] = [];
    const checkedFiles = new Set<string>();
    let installs = 0;
    for (const { instruction, command } of runCommandsIn(stageInstructions(ctx))) {
      const pip = pipInstall(command.argv);
      if (!pip) continue;
      installs++;
      for (const raw of pip.specs) {
        const spec = ctx.expand(raw, instruction);
        if (spec.includes("$")) continue;
        const reason = unpinnedReason(spec);
        if (reason)
          fails.push({
            message: `pip install ${spec}: ${reason}.`,
            ...located(command),
            fix: `Pin it: ${pinnedExample(spec)}`,
          });
      }
      for (const raw of pip.requirementFiles) {
        const path = ctx.expand(raw, instruction);
        const file = locateContextFile(ctx, instruction, path);
        if (!file) {
          notes.push(
            `${path} (used at Dockerfile:${command.line}) is not among the submitted ` +
              `files, so its pins could not be checked`,
          );
          continue;
        }
        checkRequirementsFile(ctx, file, checkedFiles, fails, notes);
      }
    }
    if (installs === 0) return outcome([], [], "No pip install in this Dockerfile; nothing to pin.");
    if (fails.length === 0 && checkedFiles.size === 0 && notes.length > 0) return skipped(`${notes.join("; ")}.`);
    const checked = checkedFiles.size > 0 ? ` (checked ${[...checkedFiles].join(", ")})` : "";
    const note = notes.length ? ` Note: ${notes.join("; ")}.` : "";
    return outcome(fails, [], `Every Python package is pinned to an exact version${checked}.${note}`);
  },
};

function checkRequirementsFile(
  ctx: StaticContext,
  file: string,
  checked: Set<string>,
  fails: Finding[],
  notes: string[],
): void {
  if (checked.has(file)) return;
  checked.add(file);
  const scan = scanRequirements(ctx.files.get(file) ?? "");
  for (const u of scan.unpinned) {
    fails.push({
      message: `${u.text}: ${u.reason}.`,
      location: at(u.line, file),
      evidence: u.text,
      fix: ctx.editable(file)
        ? `Pin it in ${file}: ${pinnedExample(u.text)}`
        : `${file} is part of this exercise and cannot be edited, so name the packages with pinned versions on the ` +
          `pip install line instead of -r ${file}: ${pinnedExample(u.text)}`,
    });
  }
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  for (const include of scan.includes) {
    const nested = normalizePath(`${dir}/${include.path}`);
    if (ctx.files.has(nested)) checkRequirementsFile(ctx, nested, checked, fails, notes);
    else notes.push(`${include.path} (included from ${file}:${include.line}) is not among the submitted files`);
  }
}

/** "fastapi>=0.100" → "fastapi==<version>" */
function pinnedExample(spec: string): string {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?/.exec(spec.trim())?.[0] ?? spec;
  return `${name}==<version> (see the version you tested with: pip show ${name.replace(/\[.*$/, "")})`;
}
