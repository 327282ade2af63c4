/** An image reference split into the parts the rules reason about. */
export interface ImageRef {
  /** Registry host when one is given ("ghcr.io"), otherwise undefined (Docker Hub). */
  registry?: string;
  /** Repository path without registry, lower-case; Docker Hub's "library/" prefix removed ("python", "nvidia/cuda"). */
  repository: string;
  /** Last path component of the repository ("cuda" for nvidia/cuda). */
  name: string;
  tag?: string;
  digest?: string;
}

/** Parses "registry/repo:tag@digest"; returns undefined for an empty string. */
export function parseImageRef(image: string): ImageRef | undefined {
  let rest = image.trim();
  if (rest === "") return undefined;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  // A colon before the last slash belongs to a registry port ("localhost:5000/app"), not a tag.
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  let registry: string | undefined;
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) registry = parts.shift();
  let repository = parts.join("/").toLowerCase();
  if (repository.startsWith("library/") && registry === undefined) repository = repository.slice("library/".length);
  return { registry, repository, name: parts[parts.length - 1]!.toLowerCase(), tag, digest };
}
