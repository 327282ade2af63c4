import { LESSONS } from "../../../content/lesson-slugs";
import { flagValue } from "../../../dockerfile/model";
import type { Finding } from "../../checks/check-spec";
import { copySpec } from "../copy-sources";
import { instructionSpan, lineFix, type QuickFix } from "../quick-fix";
import { outcome, stageInstructions } from "../rule-helpers";
import type { DockerInstruction } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

const URL = /^(https?|ftp|git):\/\/|^git@|\.git(#.*)?$/;
const GIT = /^git@|^git:\/\/|\.git(#.*)?$/;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

/**
 * Local tar archives pass: unpacking is the one job ADD does that COPY cannot.
 * Remote URLs only warn: ADD --checksum=sha256:... (or curl plus sha256sum) is
 * the safe way; a bare URL downloads whatever is there at build time. A Git
 * repository is pinned by a commit in its URL instead (Dockerfile 1.7 has no
 * --checksum for Git sources), with or without --keep-git-dir.
 */
export const copyNotAdd: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.copy-not-add",
    category: "correctness",
    title: "COPY, not ADD, for local files",
    measures:
      "ADD instructions: a local file or directory fails; a local tar archive (unpacked on purpose) passes; " +
      "a URL without --checksum, or a Git repository not pinned to a commit (#<sha>), warns.",
    points: 1,
    why:
      "ADD looks like COPY but does more: it unpacks local tar archives and " +
      "downloads URLs. For plain files that extra behaviour is a trap (a " +
      ".tar.gz you meant to ship arrives unpacked), and readers have to wonder " +
      "which behaviour you wanted. COPY does exactly one thing.",
    fix:
      "Use COPY for files and directories. Keep ADD only to unpack a local archive on purpose, for a URL with " +
      "--checksum=sha256:<hash>, or for a Git repository pinned to a commit " +
      "(ADD https://github.com/org/repo.git#<commit-sha> /src).",
    lesson: LESSONS.serviceDockerfile,
    equivalent: "hadolint DL3020",
  },
  quickFix: addToCopy,
  run(ctx) {
    const fails: Finding[] = [];
    const warns: Finding[] = [];
    let adds = 0;
    for (const i of stageInstructions(ctx)) {
      if (i.keyword !== "ADD") continue;
      adds++;
      const spec = copySpec(i);
      if (spec.heredoc) continue;
      const urls = spec.sources.filter((s) => URL.test(s) && !GIT.test(s));
      const repos = spec.sources.filter((s) => GIT.test(s) && !/#[0-9a-f]{40}(:|$)/.test(s));
      const local = spec.sources.filter((s) => !URL.test(s) && !ARCHIVE.test(s));
      for (const repo of repos) warns.push(unpinnedRepo(i, repo, spec.dest));
      if (urls.length > 0 && !flagValue(i, "checksum")) {
        warns.push({
          message:
            `ADD downloads ${urls.join(", ")} without --checksum, so the build trusts ` +
            `whatever that URL serves today.`,
          ...located(i),
          fix: `ADD --checksum=sha256:<hash> ${spec.sources.join(" ")} ${spec.dest}`,
        });
      }
      if (local.length > 0) {
        fails.push({
          message:
            `ADD ${local.join(" ")} copies local files; COPY does the same without ` +
            `ADD's hidden unpacking and downloading.`,
          ...located(i),
          fix: i.text.replace(/^ADD\b/i, "COPY"),
        });
      }
    }
    const passed =
      adds === 0
        ? "No ADD instructions; files are copied with COPY."
        : "ADD is used only for what COPY cannot do (archives, checksummed URLs, Git repositories pinned to a commit).";
    return outcome(fails, warns, passed);
  },
};

function unpinnedRepo(i: DockerInstruction, repo: string, dest: string): Finding {
  const [url, fragment] = repo.split("#");
  const ref = fragment
    ? `the ref ${fragment.split(":")[0]}, which can be moved`
    : "its default branch, which moves with every push";
  const flags = i.flags
    .filter((f) => f.name !== "checksum")
    .map((f) => `--${f.name}${f.value === null ? "" : `=${f.value}`} `);
  return {
    message: `ADD fetches ${url} at ${ref}, so a rebuild can get different code.`,
    ...located(i),
    fix: `Pin the commit in the URL: ADD ${flags.join("")}${url}#<40-character commit SHA> ${dest}`,
  };
}

/** ADD of local files only becomes COPY; a URL, a Git repository or an archive keeps its ADD. */
function addToCopy(dockerfile: string, line: number): QuickFix | undefined {
  const lines = dockerfile.split("\n");
  const add = /^(\s*)ADD\b/i.exec(lines[line - 1] ?? "");
  if (!add) return undefined;
  const { last } = instructionSpan(lines, line);
  const text = lines.slice(line - 1, last).join("\n");
  if (/<<|:\/\/|git@|\.(tar|tgz|tbz2?|txz|gz|bz2|xz|zst|zip)\b/i.test(text)) return undefined;
  const start = add[1]!.length + 1;
  return lineFix("Use COPY instead of ADD", line, start, start + 3, "COPY");
}
