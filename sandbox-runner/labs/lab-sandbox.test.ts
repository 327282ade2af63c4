import { describe, expect, it } from "vitest";
import { bubblewrapArgs, labEtcFiles, labPaths } from "./lab-sandbox";

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
  it("holds no account of the host and no resolver that could lead out", () => {
    const files = labEtcFiles();
    expect(files.passwd).not.toMatch(/dockyard|labtest|postgres/);
    expect(files["resolv.conf"]).toBe("");
    expect(Object.keys(files)).not.toContain("shadow");
  });
});
