import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineClient } from "../../docker/engine";
import { runOnce } from "../../images/run-once";
import { ensureBaseImages } from "../../images/seed-base-images";
import { ownerLabels } from "../../owner-labels";
import { cleanupSubmission } from "../../pipeline/cleanup";
import { createStackNetwork } from "./stack-network";
import { ensureStackNetworking } from "./stack-preflight";

// Two stacks' networks as the stack phase makes them, a server on each and one on the default bridge (where build
// steps and the package mirror are): a stack's container reaches its own stack's server by name and nothing else.
const OWNER = "test-stack-isolation";
const docker = engineClient();
const SERVER = ["python3", "-m", "http.server", "8080", "--bind", "0.0.0.0"];

async function server(network: string, alias?: string): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: "python:3.11-slim",
    Cmd: SERVER,
    Labels: ownerLabels(OWNER),
    HostConfig: { NetworkMode: network, CapDrop: ["ALL"], SecurityOpt: ["no-new-privileges"] },
    // The default bridge takes no aliases.
    ...(alias ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [alias] } } } } : {}),
  });
  await container.start();
  return container;
}

async function addressOf(container: Docker.Container, network: string): Promise<string> {
  return (await container.inspect()).NetworkSettings.Networks[network]!.IPAddress;
}

/** Connects to each host:port from a fresh container on `network`, printing one line per target. */
async function tryFrom(network: string, targets: string[]) {
  const script = [
    "import socket, sys",
    "for target in sys.argv[1:]:",
    "    host, port = target.rsplit(':', 1)",
    "    try:",
    "        socket.create_connection((host, int(port)), timeout=3).close()",
    "        print(target, 'open')",
    "    except OSError as exc:",
    "        print(target, 'closed', type(exc).__name__)",
  ].join("\n");
  const result = await runOnce(docker, {
    image: "python:3.11-slim",
    cmd: ["python3", "-c", script, ...targets],
    network,
    owner: OWNER,
    timeoutMs: 60_000,
  });
  expect(result.exitCode, result.output).toBe(0);
  return Object.fromEntries(
    result.output
      .trim()
      .split(/\r?\n/)
      .map((line) => [line.split(" ")[0]!, line.split(" ")[1]!]),
  );
}

describe("Compose stack networks on the grading engine", () => {
  const stackA = `${OWNER}-a`;
  const stackB = `${OWNER}-b`;
  let addresses: { a: string; b: string; bridge: string; gatewayA: string };

  beforeAll(async () => {
    await ensureBaseImages();
    await cleanupSubmission(docker, OWNER);
    await createStackNetwork(docker, stackA, ownerLabels(OWNER));
    await createStackNetwork(docker, stackB, ownerLabels(OWNER));
    const [a, b, bridge] = await Promise.all([server(stackA, "cache"), server(stackB, "cache"), server("bridge")]);
    const network = await docker.getNetwork(stackA).inspect();
    addresses = {
      a: await addressOf(a, stackA),
      b: await addressOf(b, stackB),
      bridge: await addressOf(bridge, "bridge"),
      gatewayA: String(network.IPAM?.Config?.[0]?.Subnet).replace(/\.0\/24$/, ".1"),
    };
  }, 300_000);

  afterAll(async () => {
    await cleanupSubmission(docker, OWNER);
  });

  it("reaches its own stack's service by name and address, and nothing of another stack or the bridge", async () => {
    expect(addresses.a).toMatch(/^10\.213\.\d+\.\d+$/);
    // The servers take a moment to listen; the name resolving and the port opening is what the wait is for.
    for (let i = 0; i < 20 && (await tryFrom(stackA, ["cache:8080"]))["cache:8080"] !== "open"; i++)
      await new Promise((r) => setTimeout(r, 500));
    const seen = await tryFrom(stackA, [
      "cache:8080",
      `${addresses.a}:8080`,
      `${addresses.b}:8080`,
      `${addresses.bridge}:8080`,
      `${addresses.gatewayA}:3141`,
      "172.17.0.1:3141",
    ]);
    expect(seen).toEqual({
      "cache:8080": "open",
      [`${addresses.a}:8080`]: "open",
      [`${addresses.b}:8080`]: "closed",
      [`${addresses.bridge}:8080`]: "closed",
      [`${addresses.gatewayA}:3141`]: "closed",
      "172.17.0.1:3141": "closed",
    });
  }, 120_000);

  it("keeps a container of the default bridge (a build step's network) away from every stack", async () => {
    const seen = await tryFrom("bridge", [`${addresses.a}:8080`, `${addresses.b}:8080`]);
    expect(seen).toEqual({ [`${addresses.a}:8080`]: "closed", [`${addresses.b}:8080`]: "closed" });
  }, 120_000);
});

describe("ensureStackNetworking", () => {
  const owner = `${OWNER}-preflight`;

  afterAll(async () => {
    await cleanupSubmission(docker, owner);
  });

  it("proves on a throwaway network that stack containers reach each other, and leaves nothing behind", async () => {
    await ensureBaseImages();
    await ensureStackNetworking(docker, ownerLabels(owner));
    const left = { label: [`dockyard.submission=${owner}`] };
    expect(await docker.listContainers({ all: true, filters: left })).toEqual([]);
    expect(await docker.listNetworks({ filters: left })).toEqual([]);
  }, 120_000);
});
