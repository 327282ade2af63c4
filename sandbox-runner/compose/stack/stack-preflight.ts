import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import { ignoreNotFound } from "../../docker/docker-error";
import { PlatformFault } from "../../grading/lib";
import { SERVICE_IMAGES } from "../../images/base-images";
import { runOnce } from "../../images/run-once";
import { LABEL_SUBMISSION } from "../../owner-labels";
import { createStackNetwork } from "./stack-network";

const [REDIS] = SERVICE_IMAGES;

let verified: Promise<void> | undefined;

/**
 * Proves once per runner process, on a throwaway stack network, that one container reaches another by name. On
 * the project's own engine `build-isolation.nft` lets the stack range through; an operator's engine (DOCKER_HOST)
 * without that rule would drop the packets and make every learner's stack look broken. A failure is a
 * PlatformFault, so the submission is a platform error that costs the learner nothing; it is not cached: the next
 * stack tries again.
 */
export function ensureStackNetworking(docker: Docker, labels: Record<string, string>): Promise<void> {
  verified ??= probe(docker, labels).catch((err: unknown) => {
    verified = undefined;
    throw err;
  });
  return verified;
}

async function probe(docker: Docker, labels: Record<string, string>): Promise<void> {
  const name = `dockyard-stack-preflight-${randomBytes(4).toString("hex")}`;
  const network = await createStackNetwork(docker, name, labels);
  const server = await docker.createContainer({
    Image: REDIS,
    name: `${name}-server`,
    Labels: labels,
    HostConfig: { NetworkMode: name, CapDrop: ["ALL"], SecurityOpt: ["no-new-privileges"] },
  });
  try {
    await server.start();
    // Refused connections (the server still starting) are retried; dropped packets hit `timeout`.
    const script =
      `for i in $(seq 1 20); do timeout 2 redis-cli -h ${name}-server ping 2>/dev/null | grep -q PONG && exit 0; ` +
      "sleep 0.25; done; exit 1";
    const client = await runOnce(docker, {
      image: REDIS,
      cmd: ["sh", "-c", script],
      network: name,
      owner: labels[LABEL_SUBMISSION] ?? name,
      timeoutMs: 30_000,
    });
    if (client.exitCode !== 0)
      throw new PlatformFault(
        "docker",
        "Two containers on a stack network of the grading engine could not talk to each other, so no Compose " +
          "stack can be graded on this engine: it needs the 10.213.0.0/16 rule of scripts/engine/build-isolation.nft " +
          "(docs/engine.md, Compose stacks).",
      );
  } finally {
    await ignoreNotFound(server.remove({ force: true })).catch(() => undefined);
    await ignoreNotFound(network.remove()).catch(() => undefined);
  }
}
