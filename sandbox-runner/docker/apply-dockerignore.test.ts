import { describe, expect, it } from "vitest";
import { applyDockerignore } from "./apply-dockerignore";

const file = (path: string, content = "x") => ({ path, content });

describe("applyDockerignore", () => {
  const files = [
    file("Dockerfile"),
    file(".env"),
    file("app/main.py"),
    file("data/a.csv"),
    file("data/keep.csv"),
    file("app/__pycache__/m.pyc"),
  ];

  it("sends everything when there is no .dockerignore", () => {
    expect(applyDockerignore(files)).toHaveLength(files.length);
  });

  it("drops matched files and folders, honours ! exceptions and comments", () => {
    const kept = applyDockerignore([
      ...files,
      file(".dockerignore", "# secrets\n.env\ndata/\n!data/keep.csv\n**/__pycache__\n"),
    ]).map((f) => f.path);
    expect(kept).toEqual(["Dockerfile", "app/main.py", "data/keep.csv", ".dockerignore"]);
  });

  it("always sends the Dockerfile and .dockerignore, as the docker CLI does", () => {
    const kept = applyDockerignore([file("Dockerfile"), file(".dockerignore", "*\n")]).map((f) => f.path);
    expect(kept).toEqual(["Dockerfile", ".dockerignore"]);
  });
});
