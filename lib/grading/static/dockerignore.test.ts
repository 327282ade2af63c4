import { describe, expect, it } from "vitest";
import { isIgnored, parseDockerignore } from "./dockerignore";

describe(".dockerignore matching", () => {
  const ignore = parseDockerignore("# comment\n.git\n/data\n**/__pycache__\n*.md\n!README.md\n.env*\n!.env.example\n");

  it("excludes a directory and everything in it", () => {
    expect(isIgnored(ignore, ".git/HEAD")).toBe(true);
    expect(isIgnored(ignore, "data/train.csv")).toBe(true);
    expect(isIgnored(ignore, "app/data.py")).toBe(false);
  });

  it("anchors plain patterns at the context root and lets ** match any depth", () => {
    expect(isIgnored(ignore, "app/__pycache__/main.cpython-311.pyc")).toBe(true);
    expect(isIgnored(ignore, "docs/guide.md")).toBe(false);
    expect(isIgnored(ignore, "CHANGELOG.md")).toBe(true);
  });

  it("applies ! exceptions in order, the last match winning", () => {
    expect(isIgnored(ignore, "README.md")).toBe(false);
    expect(isIgnored(ignore, ".env")).toBe(true);
    expect(isIgnored(ignore, ".env.example")).toBe(false);
  });

  it("matches case-sensitively, as Docker does on Linux", () => {
    expect(isIgnored(ignore, "Data/train.csv")).toBe(false);
    expect(isIgnored(ignore, "GUIDE.MD")).toBe(false);
  });

  it("skips a malformed pattern and keeps the other rules", () => {
    const partly = parseDockerignore("[z-a]\n.env\n");
    expect(isIgnored(partly, ".env")).toBe(true);
    expect(isIgnored(partly, "z")).toBe(false);
  });

  it("ignores nothing without a .dockerignore", () => {
    expect(isIgnored(undefined, ".env")).toBe(false);
  });
});
