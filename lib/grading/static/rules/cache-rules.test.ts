import { describe, expect, it } from "vitest";
import { checkFixture, df } from "../testing/check-fixture";

describe("cache.dependencies-before-code", () => {
  const id = "cache.dependencies-before-code";
  const files = { "requirements.txt": "fastapi==0.110.0\n", "app/main.py": "" };
  const checks = { cache: { mutate: "app/main.py", manifest: "requirements.txt" } };

  it("fails COPY . before the install, naming both lines and showing the reordered fix", () => {
    const r = checkFixture(
      id,
      df`
      FROM python:3.11-slim
      WORKDIR /app
      COPY . .
      RUN pip install --no-cache-dir -r requirements.txt
      CMD ["python", "app/main.py"]
    `,
      { files, checks },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("brings in app/main.py before the dependency install at Dockerfile:4");
    expect(r.fix).toContain("COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .");
  });

  it("fails a COPY of the code directory before the install, using the exercise's mutate path", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nCOPY requirements.txt app/ /srv/\nRUN pip install -r /srv/requirements.txt\n",
      { files, checks },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
  });

  it("passes manifest first, install, then code; also without exercise params", () => {
    const good =
      "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip " +
      "install --no-cache-dir -r requirements.txt\nCOPY . .\n";
    expect(checkFixture(id, good, { files, checks }).status).toBe("pass");
    expect(checkFixture(id, good, { files }).status).toBe("pass");
  });

  it("finds the install inside a heredoc script", () => {
    const r = checkFixture(
      id,
      df`
      FROM python:3.11-slim
      WORKDIR /app
      COPY . .
      RUN <<EOF
      pip install --no-cache-dir -r requirements.txt
      EOF
    `,
      { files, checks },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("before the dependency install at Dockerfile:4");
  });

  it("honours a custom install marker and skips when no install step exists", () => {
    const uv = "FROM python:3.11-slim\nCOPY . .\nRUN uv sync --frozen\n";
    expect(
      checkFixture(id, uv, { files, checks: { cache: { mutate: "app/main.py", installMarker: "uv sync" } } }).status,
    ).toBe("fail");
    expect(checkFixture(id, "FROM python:3.11-slim\nCOPY . .\n", { files }).status).toBe("skipped");
  });
});

describe("cache.apt-update-with-install", () => {
  const id = "cache.apt-update-with-install";

  it("fails apt-get update in its own RUN and proposes the combined line", () => {
    const r = checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("separately from the install at Dockerfile:3");
    expect(r.fix).toBe("RUN apt-get update && apt-get install -y curl");
  });

  it("passes update and install in one RUN, a heredoc script included", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n").status).toBe(
      "pass",
    );
    const script = "FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n";
    expect(checkFixture(id, script).status).toBe("pass");
  });

  it("asks for the update as the heredoc's first line when the install is a heredoc script", () => {
    const r = checkFixture(
      id,
      df`
      FROM debian:bookworm-slim
      RUN apt-get update
      RUN <<EOF
      set -e
      apt-get install -y curl
      EOF
    `,
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe(
      "Make apt-get update the first line of the heredoc at Dockerfile:3, before apt-get install, " +
        "and delete Dockerfile:2.",
    );
  });
});
