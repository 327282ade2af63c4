/** Monaco's language for a file of an exercise, from its name; "plaintext" for anything without a tokenizer here. */
export function languageFor(path: string): string {
  const name = path.split("/").pop() ?? path;
  if (/^Dockerfile(\..+)?$|\.dockerfile$/i.test(name)) return "dockerfile";
  if (/^requirements.*\.(txt|in)$|^constraints.*\.txt$/i.test(name)) return "pip-requirements";
  if (/^\.(docker|git)ignore$/.test(name)) return "ignore-file";
  if (/\.py$/.test(name)) return "python";
  if (/\.ya?ml$/.test(name)) return "yaml";
  if (/\.(sh|bash)$|^\.env(\..+)?$/.test(name)) return "shell";
  if (/\.[ch]$/.test(name)) return "c";
  if (/\.md$/.test(name)) return "markdown";
  return "plaintext";
}
