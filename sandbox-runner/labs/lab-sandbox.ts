import path from "node:path";
import { PACKAGE_MIRROR_HOST, PACKAGE_MIRROR_PORT } from "../images/base-images";

/** Where a lab's own files live on the host, all below one directory the lab engine owns. */
export interface LabPaths {
  /** The lab's directory: everything below is removed with the lab. */
  root: string;
  /** A loop-mounted file system of the lab's disk size: the engine's images, containers, volumes and the home. */
  disk: string;
  /** The curated /etc the sandbox sees instead of the host's. */
  etc: string;
  /** RootlessKit's state (child pid, api socket); outside the sandbox. */
  state: string;
  /** Where the host's relay to the package mirror listens (startLabEngine); the lab sees it read-only. */
  mirror: string;
}

export function labPaths(root: string): LabPaths {
  return {
    root,
    disk: path.join(root, "disk"),
    etc: path.join(root, "etc"),
    state: path.join(root, "rootlesskit"),
    mirror: path.join(root, "mirror"),
  };
}

/** Inside the sandbox. */
export const LAB_DOCKER_SOCKET = "/run/docker.sock";
/** The sandbox's /run: an engine's runtime state is a few KB per container. */
export const LAB_RUN_BYTES = 32 * 1024 * 1024;
/** The sandbox's /tmp, for the learner's scratch files (images, volumes and the home are on the lab's disk). */
export const LAB_TMP_BYTES = 256 * 1024 * 1024;
export const LAB_HOME = "/home/lab";
const ENGINE_BIN = "/opt/engine/bin";
/**
 * The lab's own address for the course's services, on its loopback: its name server, which knows the package
 * mirror's name and nothing else, and the mirror's port. Containers reach it through their gateway, as any address
 * of the lab's namespace; it leads nowhere else. Outside Docker's default address pools, so a network a learner
 * creates does not hide it.
 */
export const LAB_SERVICES_ADDRESS = "10.254.254.1";
const MIRROR_DIR = "/opt/mirror";
/** Inside the sandbox: the socket of the host's relay to the package mirror. */
export const LAB_MIRROR_SOCKET = `${MIRROR_DIR}/${PACKAGE_MIRROR_HOST}.sock`;
/** Connections one lab may have open to the package mirror at once: the mirror serves every build of the host. */
export const LAB_MIRROR_CONNECTIONS = 8;

/** The search path of every process in a lab: the engine's CLI and daemons first. */
export const LAB_PATH = `${ENGINE_BIN}:/usr/local/bin:/usr/bin:/usr/sbin`;
/** buildx and compose, where the home's Docker config (labDockerConfig) tells the CLI to look. */
const ENGINE_PLUGINS = "/opt/engine/cli-plugins";

/**
 * Host paths the sandbox sees, read-only: the OS's programs and libraries (the engine's packages, unpacked by
 * scripts/engine/install-engine.sh, included) and nothing of its data. /etc/alternatives holds only the symlinks
 * many of Debian's commands go through.
 */
export function readOnlyHostPaths(engineDir: string): Array<[host: string, inside: string]> {
  return [
    ["/usr", "/usr"],
    ["/etc/alternatives", "/etc/alternatives"],
    [path.join(engineDir, "dist"), path.join(engineDir, "dist")],
    [path.join(engineDir, "bin"), ENGINE_BIN],
    [path.join(engineDir, "config", "cli-plugins"), ENGINE_PLUGINS],
  ];
}

/**
 * What runs first in the sandbox, before `command` (the engine) replaces it: the services address on loopback, a
 * name server (Debian's dnsmasq) that answers the package mirror's name with it and every other name with "no such
 * name" at once, and a relay (socat) from its mirror port to the host's relay. So `pip install` in a lab's build or
 * container finds the mirror under the name the course's images use (PIP_INDEX_URL), as in graded builds, and no
 * name leads out. Both run as the lab's root, which is the lab's account on the host.
 */
export function labInitArgs(command: string[]): string[] {
  const address = LAB_SERVICES_ADDRESS;
  const script = [
    "set -e",
    `ip addr add ${address}/32 dev lo`,
    "dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces --pid-file= --user=nobody " +
      `--group=nogroup --listen-address=${address} --address=/#/ --address=/${PACKAGE_MIRROR_HOST}/${address}`,
    // In a subshell, so the relay is not the engine's child once `exec` makes this shell the engine.
    `(socat TCP-LISTEN:${PACKAGE_MIRROR_PORT},bind=${address},fork,reuseaddr,max-children=${LAB_MIRROR_CONNECTIONS} ` +
      `UNIX-CONNECT:${LAB_MIRROR_SOCKET} &)`,
    'exec "$@"',
  ].join("\n");
  return ["sh", "-c", script, "lab-init", ...command];
}

/**
 * The bubblewrap command line that turns RootlessKit's user namespace into the lab: a network namespace of its
 * own with loopback only (no route to anything), IPC and UTS namespaces, a root of its own built from the paths
 * above, the lab's disk for the engine's data and the home, and the curated /etc. `-v /:/host` in a lab container
 * sees this root, never the host's. `command` runs in it.
 */
export function bubblewrapArgs(paths: LabPaths, engineDir: string, command: string[]): string[] {
  const args = [
    "--unshare-net",
    "--unshare-ipc",
    "--unshare-uts",
    "--hostname",
    "lab",
    "--die-with-parent",
    "--new-session",
    // First, so the host paths below (/etc/alternatives) are mounted inside it; labEtcFiles makes their mount points.
    "--ro-bind",
    paths.etc,
    "/etc",
  ];
  for (const [host, inside] of readOnlyHostPaths(engineDir)) args.push("--ro-bind", host, inside);
  args.push(
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--bind",
    path.join(paths.disk, "docker"),
    "/var/lib/docker",
    "--bind",
    path.join(paths.disk, "home"),
    LAB_HOME,
    // The engine's socket, pid file and runtime state, and the learner's scratch space: file systems in memory of a
    // bounded size, charged to the lab's own memory limit (the kernel counts a tmpfs page to the cgroup that wrote
    // it). Nothing the lab writes lands on the host's disk.
    "--size",
    String(LAB_RUN_BYTES),
    "--tmpfs",
    "/run",
    "--size",
    String(LAB_TMP_BYTES),
    "--tmpfs",
    "/tmp",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--ro-bind",
    "/sys",
    "/sys",
    "--ro-bind",
    paths.mirror,
    MIRROR_DIR,
    "--setenv",
    "PATH",
    LAB_PATH,
    "--setenv",
    "HOME",
    LAB_HOME,
    "--setenv",
    "XDG_RUNTIME_DIR",
    "/run",
    "--setenv",
    "DOCKER_HOST",
    `unix://${LAB_DOCKER_SOCKET}`,
    "--chdir",
    LAB_HOME,
    "--",
    ...command,
  );
  return args;
}

/**
 * The files of the curated /etc: enough for a shell, Docker's CLI and name resolution inside the lab. A name ending
 * in "/" is an empty directory: the mount point of a host path bound below /etc.
 */
export function labEtcFiles(): Record<string, string> {
  return {
    "alternatives/": "",
    passwd: "root:x:0:0:lab:/home/lab:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    group: "root:x:0:\nnogroup:x:65534:\n",
    hostname: "lab\n",
    hosts: "127.0.0.1\tlocalhost lab\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    // The lab's own name server (labInitArgs). Containers on user-defined networks ask Docker's embedded DNS, which
    // asks it for names that are not the network's.
    "resolv.conf": `nameserver ${LAB_SERVICES_ADDRESS}\n`,
    "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files dns\n",
    "bash.bashrc": "PS1='lab:\\w\\$ '\n",
    // skopeo (the host's, docs/labs.md) refuses to copy without a signature policy. The lab has no keys to verify
    // with, so it accepts any image, as Debian's default does; the supply-chain lesson teaches what a real policy
    // requires. No registries.conf: the lab's images are named in full (localhost:5000/...).
    "containers/": "",
    "containers/policy.json": `${JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] })}\n`,
  };
}

/** ~/.docker/config.json in the lab's home: the CLI finds the engine's plugins, and `docker login` can write here. */
export function labDockerConfig(): string {
  return `${JSON.stringify({ cliPluginsExtraDirs: [ENGINE_PLUGINS] }, null, 2)}\n`;
}
