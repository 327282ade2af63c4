import { describe, expect, it } from "vitest";
import { checkFixture, df } from "../testing/check-fixture";

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
    const r = checkFixture(
      id,
      df`
      FROM python:3.11-slim
      RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev curl \
          && rm -rf /var/lib/apt/lists/*
    `,
    );
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
    const purged =
      "FROM python:3.11-slim\nRUN apt-get install -y gcc && pip install x==1 && apt-get purge -y --auto-remove gcc\n";
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
    const r = checkFixture(id, dockerfile, {
      files: { ".dockerignore": ".git\n__pycache__/\n", "data/train.csv": "x", "app/main.py": "" },
    });
    expect(r.status).toBe("warn");
    expect(r.location).toBe(".dockerignore:1");
    expect(r.fix).toBe("Add to .dockerignore:\n.env\ndata/");
  });

  it("names the COPY to write instead where the learner cannot edit .dockerignore (first-image)", () => {
    const r = checkFixture(id, dockerfile, { files: { "app/main.py": "" }, editable: ["Dockerfile", "app/main.py"] });
    expect(r.status).toBe("fail");
    expect(r.fix).not.toMatch(/create|add to/i);
    expect(r.fix).toContain("no .dockerignore for you to write");
    expect(r.fix).toContain("copy only what the app needs instead of the whole context:\nCOPY app/ ./app/");
  });

  it("marks the COPY, not the exercise's own .dockerignore, when that file is fixed", () => {
    const r = checkFixture(id, dockerfile, {
      files: { ".dockerignore": ".git\n", "requirements.txt": "", "app/main.py": "", "data/x.csv": "", ".env": "A=1" },
      editable: ["Dockerfile"],
    });
    expect(r.status).toBe("warn");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.fix).toContain(":\nCOPY requirements.txt ./\nCOPY app/ ./app/");
    expect(r.fix).not.toContain("Add to .dockerignore");
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
    const r = checkFixture(
      id,
      "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y " +
        "--no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toContain("&& rm -rf /var/lib/apt/lists/*");
  });

  it("passes cleanup in the same RUN, a cache mount, and installs in stages that are not shipped", () => {
    expect(
      checkFixture(
        id,
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
      ).status,
    ).toBe("pass");
    expect(
      checkFixture(
        id,
        "FROM debian:bookworm-slim\nRUN " +
          "--mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get " +
          "install -y curl\n",
      ).status,
    ).toBe("pass");
    expect(
      checkFixture(
        id,
        "FROM debian:bookworm-slim AS b\nRUN apt-get update && apt-get install -y " +
          "gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n",
      ).status,
    ).toBe("pass");
  });
});

describe("size.apt-lists-removed with BuildKit", () => {
  const id = "size.apt-lists-removed";

  it("passes a cache or tmpfs mount over /var/lib/apt, however the target is spelled", () => {
    const mounts = [
      "type=cache,target=/var/lib/apt,sharing=locked",
      "type=cache,dst=/var/lib/apt/lists/",
      "type=tmpfs,destination=/var/lib/apt/lists",
    ];
    for (const mount of mounts) {
      const dockerfile = `FROM debian:bookworm-slim\nRUN --mount=${mount} apt-get update && apt-get install -y curl\n`;
      expect(checkFixture(id, dockerfile).status, mount).toBe("pass");
    }
  });

  it("fails a mount of apt's download cache alone, saying where the lists still go", () => {
    const r = checkFixture(
      id,
      "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n",
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain(
      "The cache mount at /var/cache/apt keeps downloaded packages out of the image, " +
        "but the lists live in /var/lib/apt/lists",
    );
    expect(r.fix).toContain(
      "RUN --mount=type=cache,target=/var/lib/apt,sharing=locked " +
        "--mount=type=cache,target=/var/cache/apt apt-get update",
    );
  });

  it("reads a heredoc script: points at the apt line and asks for rm as its last line", () => {
    const r = checkFixture(
      id,
      df`
      FROM debian:bookworm-slim
      RUN <<EOF
      set -e
      apt-get update
      apt-get install -y --no-install-recommends curl
      EOF
    `,
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    expect(r.fix).toContain("Add rm -rf /var/lib/apt/lists/* as the last line of the heredoc, before EOF");
    const cleaned = df`
      FROM debian:bookworm-slim
      RUN <<EOF
      apt-get update
      apt-get install -y curl
      rm -rf /var/lib/apt/lists/*
      EOF
    `;
    expect(checkFixture(id, cleaned).status).toBe("pass");
  });

  it("ignores a heredoc that is only data for another program", () => {
    const r = checkFixture(id, "FROM debian:bookworm-slim\nRUN cat > /tmp/notes.txt <<EOF\napt-get update\nEOF\n");
    expect(r.status).toBe("pass");
    expect(r.message).toContain("do not run apt-get");
  });
});

describe("size.apt-no-install-recommends", () => {
  const id = "size.apt-no-install-recommends";

  it("fails apt-get install without --no-install-recommends and shows the corrected command", () => {
    const r = checkFixture(
      id,
      "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe("apt-get install --no-install-recommends -y curl");
  });

  it("passes the flag, or recommends switched off in apt's config by an earlier RUN", () => {
    expect(
      checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n").status,
    ).toBe("pass");
    const configured =
      "FROM debian:bookworm-slim\nRUN echo 'APT::Install-Recommends \"0\";' > " +
      "/etc/apt/apt.conf.d/90norecommends\nRUN apt-get install -y curl\n";
    expect(checkFixture(id, configured).status).toBe("pass");
  });
});

describe("size.apt-no-install-recommends with BuildKit", () => {
  const id = "size.apt-no-install-recommends";

  it("finds apt-get install inside a heredoc and points at its line", () => {
    const r = checkFixture(
      id,
      df`
      FROM debian:bookworm-slim
      RUN <<EOF
      set -e
      apt-get update
      apt-get install -y curl
      rm -rf /var/lib/apt/lists/*
      EOF
    `,
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:5");
    expect(r.fix).toBe("apt-get install --no-install-recommends -y curl");
  });

  it("passes recommends switched off by a COPY <<EOF into apt.conf.d, and is not fooled by other files", () => {
    const config = (dest: string) =>
      `FROM debian:bookworm-slim\nCOPY <<EOF ${dest}\nAPT::Install-Recommends "false";\nEOF\nRUN apt-get install x\n`;
    expect(checkFixture(id, config("/etc/apt/apt.conf.d/99-no-recommends")).status).toBe("pass");
    expect(checkFixture(id, config("/usr/share/doc/notes.txt")).status).toBe("fail");
  });
});

describe("size.pip-no-cache", () => {
  const id = "size.pip-no-cache";

  it("fails pip install without --no-cache-dir, offering the flag and, as an equal fix, a cache mount", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("download cache (/root/.cache/pip) is saved into this layer");
    expect(r.fix).toBe(
      "pip install --no-cache-dir -r requirements.txt\n" +
        "Equally good, and faster to rebuild: mount a BuildKit cache there, which keeps it out of the image: " +
        "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
    );
  });

  it("passes a cache or tmpfs mount over pip's cache (target=, dst=, destination=, a parent, relative)", () => {
    for (const mount of [
      "type=cache,target=/root/.cache/pip",
      "type=cache,dst=/root/.cache/pip,sharing=locked",
      "type=cache,destination=/root/.cache",
      "type=tmpfs,target=/root/.cache/pip",
    ]) {
      const dockerfile = `FROM python:3.11-slim\nRUN --mount=${mount} pip install -r requirements.txt\n`;
      expect(checkFixture(id, dockerfile).status, mount).toBe("pass");
    }
    const relative = "FROM python:3.11-slim\nWORKDIR /root\nRUN --mount=type=cache,target=.cache/pip pip install x\n";
    expect(checkFixture(id, relative).status).toBe("pass");
  });

  it("follows PIP_CACHE_DIR (ENV, inline, exported in a heredoc), --cache-dir and XDG_CACHE_HOME", () => {
    const passes = [
      "ENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/cache pip install x==1",
      "RUN --mount=type=cache,target=/cache PIP_CACHE_DIR=/cache/pip pip install x==1",
      "RUN --mount=type=cache,target=/cache <<EOF\nexport PIP_CACHE_DIR=/cache/pip\npip install x==1\nEOF",
      "RUN --mount=type=cache,target=/tmp/pipc pip install --cache-dir /tmp/pipc x==1",
      "ENV XDG_CACHE_HOME=/xdg\nRUN --mount=type=cache,target=/xdg/pip pip install x==1",
    ];
    for (const lines of passes) {
      expect(checkFixture(id, `FROM python:3.11-slim\n${lines}\n`).status, lines).toBe("pass");
    }
  });

  it("fails a cache mount that misses where pip writes, saying where that is", () => {
    const elsewhere = checkFixture(
      id,
      df`
      FROM python:3.11-slim
      ENV PIP_CACHE_DIR=/opt/pip-cache
      RUN --mount=type=cache,target=/root/.cache/pip pip install x==1
    `,
    );
    expect(elsewhere.status).toBe("fail");
    expect(elsewhere.location).toBe("Dockerfile:3");
    expect(elsewhere.message).toContain(
      "mounts a cache at /root/.cache/pip, " +
        "but pip writes its cache to /opt/pip-cache (PIP_CACHE_DIR is /opt/pip-cache)",
    );
    expect(elsewhere.fix).toBe(
      "Mount the cache at /opt/pip-cache instead (--mount=type=cache,target=/opt/pip-cache); " +
        "or use pip install --no-cache-dir x==1.",
    );
    const lookalike = checkFixture(id, "FROM python:3.11\nRUN --mount=type=cache,target=/app/pipeline pip install x");
    expect(lookalike.status).toBe("fail");
  });

  it("knows a non-root user's cache is not under /root", () => {
    const asApp = (mount: string) =>
      "FROM python:3.11-slim\nRUN useradd --create-home app\nUSER app\n" +
      `RUN --mount=type=cache,target=${mount} pip install --user x==1\n`;
    const r = checkFixture(id, asApp("/root/.cache/pip"));
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    expect(r.message).toContain(
      "mounts a cache at /root/.cache/pip, but pip writes its cache to app's ~/.cache/pip " + "(it runs as app)",
    );
    expect(r.fix).toContain("Install before USER app, as root, where the cache mount at /root/.cache/pip works");
    expect(checkFixture(id, asApp("/home/app/.cache/pip")).status).toBe("pass");
  });

  it("finds pip install in a heredoc script and puts the mount on its RUN line", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nRUN <<EOF\nset -e\npip install -r requirements.txt\nEOF\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    expect(r.fix).toContain(
      "RUN --mount=type=cache,target=/root/.cache/pip <<EOF\n" + "set -e\npip install -r requirements.txt\nEOF",
    );
  });

  it("treats uv pip install the same way, with uv's cache directory", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nRUN uv pip install --system x==1\n");
    expect(r.status).toBe("fail");
    expect(r.fix).toContain("uv pip install --no-cache --system x==1");
    expect(r.fix).toContain("RUN --mount=type=cache,target=/root/.cache/uv uv pip install");
    const uv = (lines: string) => `FROM python:3.11-slim\n${lines} uv pip install --system x==1\n`;
    expect(checkFixture(id, uv("RUN --mount=type=cache,target=/root/.cache/uv")).status).toBe("pass");
    expect(checkFixture(id, uv("ENV UV_CACHE_DIR=/uv\nRUN --mount=type=cache,target=/uv")).status).toBe("pass");
  });

  it(
    "passes the flag, a cache mount, and PIP_NO_CACHE_DIR set to any boolean " +
      "(pip disables the cache even for 0/false)",
    () => {
      expect(checkFixture(id, "FROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi==0.110.0\n").status).toBe(
        "pass",
      );
      expect(
        checkFixture(
          id,
          "FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install fastapi==0.110.0\n",
        ).status,
      ).toBe("pass");
      expect(
        checkFixture(id, "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install fastapi==0.110.0\n").status,
      ).toBe("pass");
      expect(
        checkFixture(id, "FROM python:3.11-slim\nARG PIP_NO_CACHE_DIR=off\nRUN pip install fastapi==0.110.0\n").status,
      ).toBe("pass");
    },
  );

  it("fails an empty or invalid PIP_NO_CACHE_DIR, and one set only after the install", () => {
    const empty = checkFixture(
      id,
      'FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=""\nRUN pip install fastapi==0.110.0\n',
    );
    expect(empty.status).toBe("fail");
    expect(empty.message).toContain("ignores an empty setting");
    const invalid = checkFixture(
      id,
      "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=please\nRUN pip install fastapi==0.110.0\n",
    );
    expect(invalid.message).toContain("does not accept");
    expect(
      checkFixture(id, "FROM python:3.11-slim\nRUN pip install fastapi==0.110.0\nENV PIP_NO_CACHE_DIR=1\n").status,
    ).toBe("fail");
  });
});

describe("size.apk-no-cache", () => {
  it("fails apk add without --no-cache and passes with it", () => {
    const r = checkFixture("size.apk-no-cache", "FROM alpine:3.20\nRUN apk add curl\n");
    expect(r.status).toBe("fail");
    expect(r.fix).toBe("apk add --no-cache curl");
    expect(checkFixture("size.apk-no-cache", "FROM alpine:3.20\nRUN apk add --no-cache curl\n").status).toBe("pass");
  });

  it("passes a cache mount over /var/cache/apk, not one elsewhere", () => {
    const apk = (target: string) => `FROM alpine:3.20\nRUN --mount=type=cache,target=${target} apk add curl\n`;
    expect(checkFixture("size.apk-no-cache", apk("/var/cache/apk")).status).toBe("pass");
    expect(checkFixture("size.apk-no-cache", apk("/var/cache/apt")).status).toBe("fail");
  });
});
