import { LESSONS } from "../../../content/lesson-slugs";
import { fail, pass, skipped } from "../../checks/check-spec";
import { rootStage } from "../base-image-suggestions";
import { finalLineage, lastOf } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

const ROOT = /^(root|0)$/;
const ADD_USER_FIX = "RUN useradd --create-home --uid 10001 app\nUSER app";
// The one line that differs on an Alpine base, said in the lead-in so the code lines stay code.
const ALPINE = "on an Alpine base, RUN adduser -D -u 10001 app instead";

export const finalUserNotRoot: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.final-user-not-root",
    category: "security",
    title: "The last USER is not root",
    measures: "The last USER instruction in the final stage (including stages it is built FROM): root or UID 0 fails.",
    points: 2,
    why:
      "Whatever user the last USER line names is the user your service runs as. " +
      "Switching back to root at the end (often to fix a permission error) " +
      "means a bug in your app or one of its dependencies gives an attacker " +
      "root inside the container, one step from the host kernel.",
    fix:
      "Do the root-only work (installs, chown) before the USER line, and end " +
      "with USER app (a non-root user you created).",
    lesson: LESSONS.nonRoot,
    equivalent: "hadolint DL3002",
  },
  run(ctx) {
    const user = lastOf(finalLineage(ctx), "USER");
    if (!user) return skipped(`The final stage has no USER line; "${userDeclared.spec.title}" reports that.`);
    const value = ctx.expand(user.args, user);
    const name = value.split(":")[0] ?? "";
    if (!ROOT.test(name)) {
      const unresolved = name.includes("$")
        ? " (set from a variable with no default; the image check verifies the real user)"
        : "";
      return pass(`The service runs as ${name}, not root${unresolved}.`, user.text);
    }
    return fail({
      message: `The last USER line switches to ${value}, so the service runs as root.`,
      ...located(user),
      fix:
        "Move the steps that need root above an earlier USER line and end with " +
        "USER app (or a numeric UID such as USER 10001).",
    });
  },
};

export const userDeclared: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.user-declared",
    category: "security",
    title: "The final image declares a non-root USER",
    measures:
      "The final stage (including stages it is built FROM) must contain a USER " +
      "instruction. hadolint does not check this; it only inspects USER lines that exist.",
    points: 2,
    why:
      "Without a USER line a container runs as root (UID 0), because almost " +
      "every base image, python:3.11-slim included, leaves the default user as " +
      "root. A flaw in your app then hands an attacker root inside the " +
      "container, with write access to everything in the image and far fewer " +
      "barriers to the host.",
    fix: `Create a user and switch to it before CMD (${ALPINE}):\n${ADD_USER_FIX}`,
    lesson: LESSONS.nonRoot,
    equivalent: "dockle CIS-DI-0001 (checked from the Dockerfile)",
  },
  run(ctx) {
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const user = lastOf(finalLineage(ctx), "USER");
    if (user) return pass(`The final stage declares USER ${user.args}.`, user.text);
    const root = rootStage(ctx.finalStage);
    // Distroless ":nonroot" images set a non-root user in their config.
    if (/nonroot/.test(root.ref?.tag ?? ""))
      return pass(`No USER line, but ${root.image} already runs as a non-root user.`, root.from.text);
    return fail({
      message: "The final stage never sets USER, so the container runs as root (UID 0), the base image's default.",
      ...located(ctx.finalStage.from),
      fix: root.scratch
        ? "Scratch has no /etc/passwd, so name a numeric UID before CMD:\nUSER 65534:65534"
        : `Before CMD (${ALPINE}):\n${ADD_USER_FIX}`,
    });
  },
};
