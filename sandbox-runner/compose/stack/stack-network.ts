import { randomInt } from "node:crypto";
import type Docker from "dockerode";
import { engineMessage } from "../../docker/docker-error";

/**
 * The addresses of every Compose stack the grader starts. The engine's namespace forwards frames between two
 * addresses of this pool and no others (scripts/engine/build-isolation.nft has the same range): everything else on
 * its bridges, build steps included, stays apart.
 */
const STACK_SUBNET_POOL = "10.213.0.0/16";
const SUBNETS = 256;

/**
 * An internal bridge network for one network of a stack, on a /24 of the pool no other network uses. Internal: no
 * gateway route, nothing published, and the engine's namespace has no uplink anyway.
 */
export async function createStackNetwork(docker: Docker, name: string, labels: Record<string, string>) {
  const start = randomInt(SUBNETS);
  for (let i = 0; i < SUBNETS; i++) {
    const subnet = `10.213.${(start + i) % SUBNETS}.0/24`;
    try {
      return await docker.createNetwork({
        Name: name,
        Driver: "bridge",
        Internal: true,
        CheckDuplicate: true,
        IPAM: { Driver: "default", Config: [{ Subnet: subnet }] },
        Labels: labels,
      });
    } catch (err) {
      // Another stack has this /24: try the next one.
      if (!/overlap/i.test(engineMessage(err) ?? "")) throw err;
    }
  }
  throw new Error(`every /24 of ${STACK_SUBNET_POOL} is in use by other stacks`);
}
