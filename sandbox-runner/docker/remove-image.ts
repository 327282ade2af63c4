import type Docker from "dockerode";
import { ignoreNotFound } from "./docker-error";

/** Removes a submission's image; a missing image is already the goal. */
export async function removeImage(docker: Docker, ref: string): Promise<void> {
  await ignoreNotFound(docker.getImage(ref).remove({ force: true }));
}
