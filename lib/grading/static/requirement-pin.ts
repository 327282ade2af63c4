/** Why a requirement does not pin one exact version, or undefined when it does. */
export function unpinnedReason(spec: string): string | undefined {
  const text = spec.trim();
  if (isLocalOrArtifact(text)) return undefined;
  const direct = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*@\s*(\S+)/.exec(text);
  if (direct) return vcsReason(direct[2]!);
  if (/^(git|hg|svn|bzr)\+/.test(text)) return vcsReason(text);
  const requirement = text.split(";")[0]!.trim();
  if (/===\s*[^\s,]+/.test(requirement)) return undefined;
  const exact = /(?<![=!<>~])==\s*([^\s,;]+)/.exec(requirement);
  if (exact && !exact[1]!.endsWith("*")) return undefined;
  if (exact) return `"${exact[0].replace(/\s+/g, "")}" is a wildcard, so any matching release can be installed`;
  const range = /(~=|>=|<=|!=|>|<)\s*[^\s,;]+/.exec(requirement);
  if (range)
    return (
      `"${range[0].replace(/\s+/g, "")}" is a range, so pip installs whatever ` +
      `newest release matches on the day of the build`
    );
  return "no version is given, so pip installs whatever is newest on the day of the build";
}

/** Local directories, files and archives install what the context holds: nothing to pin. */
function isLocalOrArtifact(text: string): boolean {
  return (
    /^(\.|\/|~|file:)/.test(text) || /\.(whl|tar\.gz|tgz|zip|tar\.bz2)(#.*)?$/.test(text) || /^https?:\/\//.test(text)
  );
}

/** A VCS URL is pinned when it names a ref: git+https://host/org/repo.git@v1.2 (the "@" after the last "/"). */
function vcsReason(url: string): string | undefined {
  if (!/^(git|hg|svn|bzr)\+/.test(url)) return undefined;
  const lastSegment = url.split("#")[0]!.split("/").pop() ?? "";
  return lastSegment.includes("@")
    ? undefined
    : "the VCS URL names no commit or tag, so it installs whatever the branch holds today";
}
