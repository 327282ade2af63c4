import type { LabCheck } from "../lib";
import { type LabCheckOutcome, listed } from "./check-support";
import { cleanOutcome } from "./clean-check";
import { containerOutcome } from "./container-check";
import { registryTagOutcome, volumeFileOutcome } from "./content-checks";
import { imageOutcome } from "./image-check";
import type { LabState } from "./lab-state";
import { composeServiceOutcome, httpOutcome } from "./service-checks";

export type { LabCheckOutcome } from "./check-support";

/** One check against one snapshot of the lab engine's state (lab-state.ts). Pure: verifiers call it every poll. */
export function evaluateCheck(check: LabCheck, state: LabState): LabCheckOutcome {
  switch (check.kind) {
    case "container":
      return containerOutcome(check, state);
    case "volume": {
      const present = state.volumes.includes(check.name);
      if (present === check.present)
        return { ok: true, found: `The volume ${check.name} ${present ? "exists" : "is gone"}.` };
      return present
        ? {
            ok: false,
            found: `The volume ${check.name} still exists.`,
            hint: `Remove it: docker volume rm ${check.name} (a container that uses it must be removed first).`,
          }
        : {
            ok: false,
            found: `There is no volume named ${check.name}.`,
            hint: `Create it with docker volume create ${check.name}, or name it in -v ${check.name}:/path.`,
          };
    }
    case "network": {
      const network = state.networks.find((n) => n.name === check.name);
      if (!network)
        return {
          ok: false,
          found: `There is no network named ${check.name}.`,
          hint: `Create it: docker network create ${check.internal ? "--internal " : ""}${check.name}.`,
        };
      if (check.internal !== undefined && network.internal !== check.internal) {
        // The engine refuses to remove a network containers are still attached to: name them first.
        const attached = state.containers.filter((c) => c.networks.includes(check.name)).map((c) => c.name);
        const first = attached.length
          ? `first take off what is on it (docker network disconnect ${check.name} <container>, for ` +
            `${listed(attached)}), then `
          : "";
        return {
          ok: false,
          found: `The network ${check.name} is ${network.internal ? "" : "not "}internal.`,
          hint:
            `A network's internal setting cannot change: ${first}remove it (docker network rm ${check.name}) and ` +
            `create it ${check.internal ? "with" : "without"} --internal.`,
        };
      }
      return { ok: true, found: `The network ${check.name} exists${network.internal ? " and is internal" : ""}.` };
    }
    case "image":
      return imageOutcome(check, state);
    case "http":
      return httpOutcome(check, state);
    case "volume-file":
      return volumeFileOutcome(check, state);
    case "compose-service":
      return composeServiceOutcome(check, state);
    case "registry-tag":
      return registryTagOutcome(check, state);
    case "clean":
      return cleanOutcome(check, state);
  }
}
