// Words too common in this course to tell lessons apart.
const STOPWORDS = new Set(
  (
    "a an and are as at be but by can do does for from has have how i if in " +
    "into is it its not of on or so that the their then there these this to " +
    "was we what when which while who why will with you your"
  ).split(" "),
);

/**
 * Splits text into lower-case search terms. Docker vocabulary keeps its shape: "--no-cache-dir" and "python:3.11-slim"
 * must be findable as typed, so dashes, dots and colons inside a word are kept and the parts are indexed as well.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const raw of text.toLowerCase().match(/[a-z0-9][a-z0-9_.:\-/]*[a-z0-9]|[a-z0-9]/g) ?? []) {
    const parts = raw.split(/[_.:\-/]+/).filter(Boolean);
    if (parts.length > 1) terms.push(raw);
    for (const part of parts) if (part.length > 1 && !STOPWORDS.has(part)) terms.push(part);
  }
  return terms;
}
