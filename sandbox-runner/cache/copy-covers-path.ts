/**
 * Whether a COPY/ADD source (as written in the Dockerfile) brings the build
 * context file `path` into the image: ".", a parent directory, the file
 * itself, or a wildcard matching it or one of its parent directories.
 * Only used to explain a cache miss in words; the verdict comes from image ids.
 */
export function copyCoversPath(source: string, path: string): boolean {
  const src = normalize(source);
  const target = normalize(path);
  if (src === "") return true;
  const prefixes = parentsAndSelf(target);
  if (!/[*?[]/.test(src)) return prefixes.includes(src);
  const pattern = globToRegExp(src);
  return prefixes.some((p) => pattern.test(p));
}

function normalize(p: string): string {
  return p
    .replace(/^\/+/, "")
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

/** "app/models/x.py" → ["app", "app/models", "app/models/x.py"] */
function parentsAndSelf(path: string): string[] {
  const parts = path.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** Go's filepath.Match rules, which the builder uses: wildcards never cross "/". */
function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) {
        out += "\\[";
        continue;
      }
      const body = glob.slice(i + 1, end).replace(/^\^/, "!");
      out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
