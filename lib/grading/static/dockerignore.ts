export interface DockerignoreRule {
  pattern: string;
  exclude: boolean;
  line: number;
  regex: RegExp;
}

/** A parsed .dockerignore: later rules win, "!" re-includes. */
export interface Dockerignore {
  rules: DockerignoreRule[];
}

export function parseDockerignore(content: string): Dockerignore {
  const rules: DockerignoreRule[] = [];
  content.split("\n").forEach((raw, index) => {
    let text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    const exclude = !text.startsWith("!");
    if (!exclude) text = text.slice(1).trim();
    // Docker cleans patterns like paths: a leading "/" or "./" means the context root either way.
    const pattern = normalizePath(text);
    if (pattern === "") return;
    rules.push({ pattern, exclude, line: index + 1, regex: globRegex(pattern) });
  });
  return { rules };
}

/**
 * Whether the build context leaves `path` out. Like Docker, a pattern that
 * matches a directory also covers everything inside it ("data" hides
 * data/train.csv), and the last matching rule decides.
 */
export function isIgnored(ignore: Dockerignore | undefined, path: string): boolean {
  if (!ignore) return false;
  let answers = memo.get(ignore);
  if (!answers) memo.set(ignore, (answers = new Map()));
  let answer = answers.get(path);
  if (answer === undefined) answers.set(path, (answer = matchRules(ignore, path)));
  return answer;
}

// Rules ask about the same context paths many times per submission.
const memo = new WeakMap<Dockerignore, Map<string, boolean>>();

function matchRules(ignore: Dockerignore, path: string): boolean {
  const parts = normalizePath(path).split("/");
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of ignore.rules) {
    if (prefixes.some((p) => rule.regex.test(p))) ignored = rule.exclude;
  }
  return ignored;
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** Go filepath.Match syntax plus "**", which Docker adds: "*" stays inside one path segment. */
export function globRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      i++;
      if (pattern[i + 1] === "/") { i++; out += "(?:.*/)?"; } else out += ".*";
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close < 0) { out += "\\["; continue; }
      out += `[${pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      i = close;
    } else if (c === "\\" && i + 1 < pattern.length) {
      out += escapeRegex(pattern[++i]!);
    } else out += escapeRegex(c);
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    // Docker rejects a malformed pattern such as "[z-a]"; here it simply matches nothing.
    return /(?!)/;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
