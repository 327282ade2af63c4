import { describe, expect, it } from "vitest";
import { findOutsidePaths } from "./outside-paths";

describe("findOutsidePaths", () => {
  it("accepts paths inside the exercise folder", () => {
    expect(
      findOutsidePaths({
        services: { api: { build: ".", env_file: [".env", { path: "local.env" }] } },
        secrets: { tok: { file: "./secrets/tok.txt" } },
      }),
    ).toEqual([]);
  });

  it("finds absolute, parent, home, variable and remote paths that compose config would read", () => {
    const found = findOutsidePaths({
      include: ["../other/compose.yaml"],
      services: {
        api: {
          env_file: "/etc/shadow",
          build: { context: ".", dockerfile: "${HOME}/Dockerfile" },
          extends: { file: "~/base.yaml", service: "x" },
        },
        web: { build: "https://github.com/acme/web.git" },
      },
      configs: { app: { file: "/srv/app.toml" } },
    });
    expect(found.map((f) => f.path).sort()).toEqual(
      [
        "${HOME}/Dockerfile",
        "../other/compose.yaml",
        "/etc/shadow",
        "/srv/app.toml",
        "https://github.com/acme/web.git",
        "~/base.yaml",
      ].sort(),
    );
    expect(found.find((f) => f.path === "/etc/shadow")?.keys).toEqual(["services", "api", "env_file", 0]);
  });
});
