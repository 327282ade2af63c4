import { fail, LESSONS, pass } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

const STILL_ROOT = "still runs as root";

/** "" (never set), "root", "0", "root:root", "0:0", "0:1000": the user part decides. */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(":", 1)[0]!;
  return name === "" || name === "root" || /^0+$/.test(name);
}

export const imageUserNotRoot: ImageCheck = {
  spec: {
    id: "security.image-user-not-root",
    category: "security",
    title: "The image runs as a non-root user",
    method: "image",
    measures: "The User field of the built image's config, which is what `docker run` uses by default.",
    points: 3,
    why:
      "A process running as root inside the container is root on the files it " +
      "can reach, and a container escape starts from root. Running as an " +
      "unprivileged user limits what a bug or an attacker in your service can do.",
    fix:
      "Create a user in the final stage (e.g. `RUN useradd --create-home --uid " +
      "10001 app`) and add `USER app` after the steps that need root.",
    lesson: LESSONS.nonRoot,
    equivalent: "dockle CIS-DI-0001",
  },
  run({ facts, dockerfile }) {
    const user = facts.config.user;
    if (!isRootUser(user)) return pass(`The image runs as user "${user}", not as root.`, `Config.User = ${user}`);

    const lastUser = dockerfile.shippedStages.flatMap((s) => s.instructions).findLast((i) => i.keyword === "USER");
    if (lastUser) {
      return fail({
        message: `The last USER instruction sets "${lastUser.args}", which is root, so the container ${STILL_ROOT}.`,
        location: `Dockerfile:${lastUser.line}`,
        evidence: `Config.User = ${JSON.stringify(user)}`,
        fix:
          "Switch to an unprivileged user: create one with `RUN useradd " +
          "--create-home --uid 10001 app` and end the final stage with `USER app` " +
          "(or a numeric UID such as `USER 10001`).",
      });
    }
    return fail({
      message:
        "The image has no USER, so every container started from it runs as root. " +
        "A static check of the Dockerfile can miss this; the built image's config " +
        "proves it.",
      location: "image config",
      evidence: `Config.User = ${JSON.stringify(user)}`,
      fix:
        "In the final stage, after installing packages, add `RUN useradd " +
        "--create-home --uid 10001 app` and then `USER app`.",
    });
  },
};
