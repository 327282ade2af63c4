import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkComposeWithEngine } from "./compose-config";
import { detectComposePlugin, resetComposePluginDetection } from "./compose-plugin";

const EXERCISE = path.resolve(import.meta.dirname, "../../content/exercises/compose-stack");

async function stack(variant?: string) {
  const read = (p: string) => readFile(path.join(EXERCISE, p), "utf8");
  return [
    { path: ".env", content: await read("starter/.env") },
    { path: "Dockerfile", content: await read("starter/Dockerfile") },
    {
      path: "compose.yaml",
      content: await read(variant ? `variants/${variant}/compose.yaml` : "solution/compose.yaml"),
    },
  ];
}

afterEach(() => resetComposePluginDetection());

describe("docker compose config (the engine ships the v2 plugin)", () => {
  it("finds Compose v2 beside the engine", async () => {
    expect(await detectComposePlugin()).toMatchObject({ available: true, version: expect.stringMatching(/^2\.\d+/) });
  });

  it("accepts the solution", async () => {
    expect(await checkComposeWithEngine(await stack(), "compose.yaml")).toMatchObject({ status: "accepted" });
  });

  it("rejects a misspelled key and says where", async () => {
    expect(await checkComposeWithEngine(await stack("misspelled-key"), "compose.yaml")).toMatchObject({
      status: "rejected",
      keys: ["services", "api", "depend_on"],
      message: expect.stringContaining("Additional property depend_on is not allowed"),
    });
  });

  it("rejects an undeclared volume, which the schema alone allows", async () => {
    const files = await stack();
    const compose = files.find((f) => f.path === "compose.yaml")!;
    compose.content = compose.content.replace(/\nvolumes:\n[\s\S]*$/, "\n");
    expect(await checkComposeWithEngine(files, "compose.yaml")).toMatchObject({
      status: "rejected",
      // Both stateful services name a volume; Compose reports whichever it checks first.
      keys: ["services", expect.stringMatching(/^(cache|tracking)$/)],
      message: expect.stringMatching(/undefined volume/),
    });
  });

  it("does not run on a file that reads outside the exercise folder", async () => {
    const files = await stack();
    const compose = files.find((f) => f.path === "compose.yaml")!;
    compose.content = compose.content.replace("env_file: .env", "env_file: /etc/passwd");
    expect(await checkComposeWithEngine(files, "compose.yaml")).toMatchObject({
      status: "not-run",
      reason: expect.stringContaining("/etc/passwd"),
    });
  });
});

describe("on a grader without the docker CLI", () => {
  it("says the engine check was not run, and why", async () => {
    expect(await detectComposePlugin("/nonexistent/docker")).toMatchObject({
      available: false,
      reason: expect.stringContaining("not installed on this grader"),
    });
    expect(await checkComposeWithEngine(await stack(), "compose.yaml")).toMatchObject({
      status: "not-run",
      reason: expect.stringContaining("not installed on this grader"),
    });
  });
});
