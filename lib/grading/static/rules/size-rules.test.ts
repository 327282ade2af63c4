import { describe, expect, it } from "vitest";
import { checkFixture, df } from "../check-fixture";

describe("size.slim-base-image", () => {
  const id = "size.slim-base-image";

  it("warns about a full python image in the final stage, with sizes and the slim tag", () => {
    const r = checkFixture(id, "FROM python:3.11-slim AS build\nFROM python:3.11-bookworm\n");
    expect(r.status).toBe("warn");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("about 1 GB");
    expect(r.fix).toBe("FROM python:3.11-slim");
  });

  it("follows FROM <stage> to the real base, and passes slim images", () => {
    expect(checkFixture(id, "FROM debian:bookworm AS base\nFROM base\n").status).toBe("warn");
    expect(checkFixture(id, "FROM python:3.11 AS build\nFROM python:3.11-slim\n").status).toBe("pass");
  });
});

describe("size.multi-stage-build-tools", () => {
  const id = "size.multi-stage-build-tools";

  it("fails compilers and -dev headers installed in the final image", () => {
    const r = checkFixture(id, df`
      FROM python:3.11-slim
      RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev curl \
          && rm -rf /var/lib/apt/lists/*
    `);
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("build-essential and libpq-dev");
    expect(r.message).not.toContain("curl");
    expect(r.fix).toContain("AS builder");
  });

  it("passes build tools confined to a builder stage, or purged in the same RUN", () => {
    const multiStage = df`
      FROM python:3.11-slim AS builder
      RUN apt-get update && apt-get install -y gcc && pip wheel --wheel-dir /wheels numpy==1.26.4
      FROM python:3.11-slim
      COPY --from=builder /wheels /wheels
    `;
    expect(checkFixture(id, multiStage).status).toBe("pass");
    const purged = "FROM python:3.11-slim\nRUN apt-get install -y gcc && pip install x==1 && apt-get purge -y --auto-remove gcc\n";
    expect(checkFixture(id, purged).status).toBe("pass");
  });
});

describe("size.dockerignore-present", () => {
  const id = "size.dockerignore-present";
  const dockerfile = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n";

  it("fails COPY . without a .dockerignore", () => {
    const r = checkFixture(id, dockerfile, { files: { "app/main.py": "" } });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.fix).toContain(".git\n.env");
  });

  it("warns with the patterns to add when .dockerignore misses .env and a data directory in the submission", () => {
    const r = checkFixture(id, dockerfile, { files: { ".dockerignore": ".git\n__pycache__/\n", "data/train.csv": "x", "app/main.py": "" } });
    expect(r.status).toBe("warn");
    expect(r.location).toBe(".dockerignore:1");
    expect(r.fix).toBe("Add to .dockerignore:\n.env\ndata/");
  });

  it("passes a complete .dockerignore, and Dockerfiles that copy named paths only", () => {
    const files = { ".dockerignore": ".git\n.env\ndata/\n", "data/train.csv": "x" };
    expect(checkFixture(id, dockerfile, { files }).status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nCOPY app/ /app/\n").status).toBe("pass");
  });
});

describe("size.apt-lists-removed", () => {
  const id = "size.apt-lists-removed";

  it("fails an install RUN that leaves /var/lib/apt/lists behind, even if a later RUN deletes it", () => {
    const r = checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toContain("&& rm -rf /var/lib/apt/lists/*");
  });

  it("passes cleanup in the same RUN, a cache mount, and installs in stages that are not shipped", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n").status).toBe("pass");
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n").status).toBe("pass");
    expect(checkFixture(id, "FROM debian:bookworm-slim AS b\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n").status).toBe("pass");
  });
});

describe("size.apt-no-install-recommends", () => {
  const id = "size.apt-no-install-recommends";

  it("fails apt-get install without --no-install-recommends and shows the corrected command", () => {
    const r = checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe("apt-get install --no-install-recommends -y curl");
  });

  it("passes the flag, or recommends switched off in apt's config by an earlier RUN", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n").status).toBe("pass");
    const configured = "FROM debian:bookworm-slim\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/90norecommends\nRUN apt-get install -y curl\n";
    expect(checkFixture(id, configured).status).toBe("pass");
  });
});

describe("size.pip-no-cache", () => {
  const id = "size.pip-no-cache";

  it("fails pip install without --no-cache-dir", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe("pip install --no-cache-dir -r requirements.txt");
  });

  it("passes the flag, a cache mount, and PIP_NO_CACHE_DIR set to any boolean (pip disables the cache even for 0/false)", () => {
    expect(checkFixture(id, "FROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi==0.110.0\n").status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install fastapi==0.110.0\n").status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install fastapi==0.110.0\n").status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nARG PIP_NO_CACHE_DIR=off\nRUN pip install fastapi==0.110.0\n").status).toBe("pass");
  });

  it("fails an empty or invalid PIP_NO_CACHE_DIR, and one set only after the install", () => {
    const empty = checkFixture(id, 'FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=""\nRUN pip install fastapi==0.110.0\n');
    expect(empty.status).toBe("fail");
    expect(empty.message).toContain("ignores an empty setting");
    const invalid = checkFixture(id, "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=please\nRUN pip install fastapi==0.110.0\n");
    expect(invalid.message).toContain("does not accept");
    expect(checkFixture(id, "FROM python:3.11-slim\nRUN pip install fastapi==0.110.0\nENV PIP_NO_CACHE_DIR=1\n").status).toBe("fail");
  });
});

describe("size.apk-no-cache", () => {
  it("fails apk add without --no-cache and passes with it", () => {
    const r = checkFixture("size.apk-no-cache", "FROM alpine:3.20\nRUN apk add curl\n");
    expect(r.status).toBe("fail");
    expect(r.fix).toBe("apk add --no-cache curl");
    expect(checkFixture("size.apk-no-cache", "FROM alpine:3.20\nRUN apk add --no-cache curl\n").status).toBe("pass");
  });
});
