import { type CheckOutcome, fail, pass, skipped } from "../grading/lib";
import type { ContainerProber } from "./container-prober";
import { EXITED_REASON } from "./startup-outcomes";

/**
 * The effective uid of PID 1, read from /proc inside the running container:
 * what the process really runs as, whatever USER, the entrypoint or a
 * privilege drop did.
 */
export async function runsAsNonRootOutcome(prober: ContainerProber, imageUser: string): Promise<CheckOutcome> {
  const status = await prober.readPid1Status();
  if ("error" in status) return status.notRunning ? skipped(EXITED_REASON) : skipped(`Not measured: ${status.error}`);
  const uidLine = status.text.split("\n").find((l) => l.startsWith("Uid:"));
  const name =
    status.text
      .split("\n")
      .find((l) => l.startsWith("Name:"))
      ?.split(/\s+/)[1] ?? "PID 1";
  const effective = uidLine?.trim().split(/\s+/)[2];
  if (!uidLine || effective === undefined) return skipped("Not measured: /proc/1/status has no Uid line.");
  const uids = uidLine.trim().replace(/\s+/g, " ");
  const evidence = `/proc/1/status (${name}): ${uids} (real, effective, saved, filesystem)`;
  if (effective !== "0") return pass(`The main process (${name}, PID 1) runs as uid ${effective}, not root.`, evidence);
  const user = imageUser.trim();
  return fail({
    message:
      `The main process (${name}, PID 1) runs as root (effective uid 0). ` +
      (user === ""
        ? "The image sets no USER, so everything runs as root."
        : /^(root|0)(:.*)?$/.test(user)
          ? `The image's USER is "${user}", which is root.`
          : `The image's USER is "${user}", yet PID 1 runs as root: something at start-up runs as root regardless.`),
    evidence,
  });
}
