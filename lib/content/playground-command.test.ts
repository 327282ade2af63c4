import { describe, expect, it } from "vitest";
import { MAX_TRY_COMMAND_LENGTH, playgroundCommand, playgroundHref } from "./playground-command";

describe("playgroundCommand", () => {
  it("takes shell blocks only: sh, bash, shell and console", () => {
    for (const language of ["sh", "bash", "shell", "console"])
      expect(playgroundCommand(language, "docker image ls"), language).toBe("docker image ls");
    for (const language of ["dockerfile", "text", "yaml", "python", "powershell", undefined])
      expect(playgroundCommand(language, "docker image ls"), String(language)).toBeUndefined();
  });

  it("needs a line that runs docker with something to do", () => {
    expect(playgroundCommand("bash", "pip install -r requirements.txt\npython app.py")).toBeUndefined();
    expect(playgroundCommand("bash", "docker")).toBeUndefined();
    expect(playgroundCommand("bash", "# docker run is next\nsudo docker ps")).toBeUndefined();
    expect(playgroundCommand("bash", "dockerd --rootless")).toBeUndefined();
    expect(playgroundCommand("bash", "docker-compose up")).toBeUndefined();
    expect(playgroundCommand("bash", "")).toBeUndefined();
  });

  it("chooses the first docker line, after a leading $ prompt and whitespace", () => {
    const block = ["cd app", "$ docker build -t api:1.0 .", "docker run --rm api:1.0"].join("\n");
    expect(playgroundCommand("bash", block)).toBe("docker build -t api:1.0 .");
    expect(playgroundCommand("console", "  $   docker compose up -d  \nCreating api ... done")).toBe(
      "docker compose up -d",
    );
    // Output that mentions docker is not a command; the prompt's line is.
    expect(playgroundCommand("console", "docker: Error response from daemon\n$ docker ps -a")).toBe("docker ps -a");
  });

  it("joins the lines a command continues onto with a trailing backslash", () => {
    const block = [
      "$ docker run -d \\",
      "    --name api \\",
      "    -p 127.0.0.1:8000:8000   \\",
      "    api:1.0",
      "docker ps",
    ].join("\r\n");
    expect(playgroundCommand("bash", block)).toBe("docker run -d --name api -p 127.0.0.1:8000:8000 api:1.0");
    // A backslash on the block's last line continues onto nothing.
    expect(playgroundCommand("sh", "docker image ls \\")).toBe("docker image ls");
  });

  it("gives no link for a command too long to carry", () => {
    const long = `docker run --rm python:3.11-slim echo ${"x".repeat(MAX_TRY_COMMAND_LENGTH)}`;
    expect(playgroundCommand("bash", long)).toBeUndefined();
  });
});

describe("playgroundHref", () => {
  it("links the playground lab with the command URL-encoded in ?try=", () => {
    const href = playgroundHref("docker run -d -p 127.0.0.1:5000:5000 --name registry registry:2 && echo 'a&b'");
    expect(href).toBe(
      "/labs/playground?try=docker%20run%20-d%20-p%20127.0.0.1%3A5000%3A5000%20--name%20registry%20registry%3A2" +
        "%20%26%26%20echo%20'a%26b'",
    );
    expect(new URL(href, "http://x").searchParams.get("try")).toBe(
      "docker run -d -p 127.0.0.1:5000:5000 --name registry registry:2 && echo 'a&b'",
    );
  });
});
