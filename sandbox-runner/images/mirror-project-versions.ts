import type Docker from "dockerode";
import { z } from "zod";
import { RequestError } from "../core/lib";
import { PACKAGE_MIRROR_CONTAINER, PACKAGE_MIRROR_LOCAL_INDEX_URL } from "./base-images";
import { execExitCode } from "./exec-exit-code";

// Reads the project's PEP 503 page the way pip does (over HTTP, from inside
// the mirror's container) and prints the versions in its wheel file names.
const SCRIPT = `
import json, re, sys, urllib.request
page = urllib.request.urlopen(sys.argv[1] + sys.argv[2] + "/", timeout=5).read().decode()
files = re.findall(r'<a [^>]*>([^<]+\\.whl)</a>', page)
print(json.dumps(sorted({f.split("-")[1] for f in files})))
`;

/** The versions of one project (its normalized name, e.g. "scikit-learn") the running package mirror serves. */
export async function mirrorProjectVersions(docker: Docker, project: string): Promise<string[]> {
  const container = docker.getContainer(PACKAGE_MIRROR_CONTAINER);
  const result = await execExitCode(
    container,
    ["python3", "-c", SCRIPT, PACKAGE_MIRROR_LOCAL_INDEX_URL, project],
    15_000,
  );
  const lastLine = result.output.trim().split("\n").pop() ?? "";
  if (result.exitCode !== 0) {
    throw new RequestError("NOT_FOUND", `The package mirror has no project ${project}: ${lastLine}`, { project });
  }
  return z.array(z.string()).parse(JSON.parse(lastLine));
}
