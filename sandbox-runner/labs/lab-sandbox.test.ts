import { describe, expect, it } from "vitest";
import { bubblewrapArgs, LAB_SERVICES_ADDRESS, labEtcFiles, labInitArgs, labPaths } from "./lab-sandbox";

const paths = labPaths("/data/labs/lab-1");
const args = bubblewrapArgs(paths, "/var/lib/dockyard-engine", ["dockerd"]);

/** Every [flag, source, destination] mount of the command line. */
function mounts(flag: "--bind" | "--ro-bind"): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  args.forEach((a, i) => {
    if (a === flag) found.push([args[i + 1]!, args[i + 2]!]);
  });
  return found;
}

describe("bubblewrapArgs", () => {
  it("gives the lab namespaces of its own, network included, and dies with its parent", () => {
    for (const flag of ["--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"])
      expect(args).toContain(flag);
    expect(args.slice(args.indexOf("--") + 1)).toEqual(["dockerd"]);
  });

  it("lets the lab write only below its own directory", () => {
    for (const [source] of mounts("--bind")) expect(source.startsWith(`${paths.root}/`)).toBe(true);
  });

  it("shows the host's programs read-only and no host data: not /etc, /home, /root, /var or the engine's data", () => {
    const readOnly = mounts("--ro-bind").map(([source]) => source);
    expect(readOnly).toEqual([
      paths.etc,
      "/usr",
      "/etc/alternatives",
      "/var/lib/dockyard-engine/dist",
      "/var/lib/dockyard-engine/bin",
      "/var/lib/dockyard-engine/config/cli-plugins",
      "/sys",
      paths.mirror,
    ]);
  });

  it("binds the curated /etc before what it mounts inside it", () => {
    const etc = args.indexOf(paths.etc);
    expect(args[etc + 1]).toBe("/etc");
    expect(etc).toBeLessThan(args.indexOf("/etc/alternatives"));
    expect(labEtcFiles()).toHaveProperty(["alternatives/"]);
  });
});

describe("labEtcFiles", () => {
  it("holds no account of the host and no resolver but the lab's own", () => {
    const files = labEtcFiles();
    expect(files.passwd).not.toMatch(/dockyard|labtest|postgres/);
    expect(files["resolv.conf"]).toBe(`nameserver ${LAB_SERVICES_ADDRESS}\n`);
    expect(Object.keys(files)).not.toContain("shadow");
  });
});

describe("labInitArgs", () => {
  const [shell, flag, script, name, ...command] = labInitArgs(["dockerd", "--data-root", "/var/lib/docker"]);

  it("ends by becoming the command it wraps, with its arguments untouched", () => {
    expect([shell, flag, name]).toEqual(["sh", "-c", "lab-init"]);
    expect(command).toEqual(["dockerd", "--data-root", "/var/lib/docker"]);
    expect(script!.trim().split("\n").at(-1)).toBe('exec "$@"');
  });

  it("names the package mirror and makes every other name fail, with no upstream to ask", () => {
    const dnsmasq = script!.split("\n").find((line) => line.startsWith("dnsmasq "))!;
    expect(dnsmasq).toContain("--no-resolv");
    expect(dnsmasq).toContain("--address=/#/ ");
    expect(dnsmasq).toContain(`--address=/pypi-mirror/${LAB_SERVICES_ADDRESS}`);
    expect(dnsmasq).not.toMatch(/--server/);
  });

  it("relays only the mirror's port, with a bounded number of connections", () => {
    const relay = script!.split("\n").find((line) => line.includes("socat"))!;
    expect(relay).toContain(`TCP-LISTEN:3141,bind=${LAB_SERVICES_ADDRESS},`);
    expect(relay).toMatch(/max-children=\d+/);
    expect(relay).toContain("UNIX-CONNECT:/opt/mirror/pypi-mirror.sock");
  });
});
