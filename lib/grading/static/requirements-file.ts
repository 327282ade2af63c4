import { unpinnedReason } from "./requirement-pin";

export interface RequirementLine {
  /** 1-based line where the requirement starts. */
  line: number;
  text: string;
}

export interface RequirementsScan {
  unpinned: (RequirementLine & { reason: string })[];
  /** Nested "-r other.txt" includes, as written. */
  includes: (RequirementLine & { path: string })[];
  /** How many requirement lines the file has. */
  count: number;
}

// Lines that only configure pip (indexes, flags) install nothing themselves.
const PIP_OPTIONS = [
  "-i",
  "--index-url",
  "--extra-index-url",
  "-f",
  "--find-links",
  "--trusted-host",
  "--no-binary",
  "--only-binary",
  "--pre",
  "--prefer-binary",
  "--require-hashes",
  "--use-feature",
  "--no-index",
  "-c",
  "--constraint",
];
const OPTION_ONLY = new RegExp(String.raw`^(${PIP_OPTIONS.join("|")})\b`);

/** Reads a requirements.txt and lists every requirement that does not pin an exact version. */
export function scanRequirements(content: string): RequirementsScan {
  const scan: RequirementsScan = { unpinned: [], includes: [], count: 0 };
  for (const { line, text } of logicalLines(content)) {
    const include = /^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=\S))(\S+)/.exec(text);
    if (include) {
      scan.includes.push({ line, text, path: include[1]! });
      continue;
    }
    if (OPTION_ONLY.test(text)) continue;
    const spec = text
      .replace(/^(?:-e|--editable)(?:\s*=\s*|\s+)/, "")
      .replace(/\s--hash[=\s]\S+/g, "")
      .trim();
    scan.count++;
    const reason = unpinnedReason(spec);
    if (reason) scan.unpinned.push({ line, text, reason });
  }
  return scan;
}

/** Joins backslash continuations and drops comments, keeping the first line number of each requirement. */
function logicalLines(content: string): RequirementLine[] {
  const out: RequirementLine[] = [];
  let pending: RequirementLine | undefined;
  content.split("\n").forEach((raw, index) => {
    const stripped = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    const continued = stripped.endsWith("\\");
    const piece = (continued ? stripped.slice(0, -1) : stripped).trim();
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${piece}`.trim() }
      : { line: index + 1, text: piece };
    if (continued) return;
    if (pending.text !== "") out.push(pending);
    pending = undefined;
  });
  if (pending && pending.text !== "") out.push(pending);
  return out;
}
