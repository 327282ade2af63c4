import { describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "../../../exercises/exercise-schema";
import { runStaticChecks } from "../run-static-checks";
import { checkFixture, df } from "../testing/check-fixture";

describe("security.pin-base-image-version", () => {
  const id = "security.pin-base-image-version";

  it("fails a FROM without a tag and one using latest, pointing at each line", () => {
    const r = checkFixture(id, "FROM python AS build\nRUN echo\nFROM python:latest\n");
    expect(r.status).toBe("fail");
    expect(r.points).toBe(0);
    expect(r.location).toBe("Dockerfile:1");
    expect(r.message).toContain("Dockerfile:1: FROM python has no tag");
    expect(r.message).toContain('Dockerfile:3: FROM python:latest uses the "latest" tag');
    expect(r.fix).toBe("FROM python:3.11-slim AS build");
  });

  it("passes tags, digests, scratch and earlier stages", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim AS build\nFROM build AS test\nFROM gcr.io/distroless/python3@sha256:abc\nFROM scratch\n",
    );
    expect(r.status).toBe("pass");
    expect(r.points).toBe(r.maxPoints);
  });

  it("resolves the FROM image through a global ARG default", () => {
    expect(checkFixture(id, "ARG BASE=python:3.11-slim\nFROM $BASE\n").status).toBe("pass");
    expect(checkFixture(id, "ARG BASE=python\nFROM $BASE\n").status).toBe("fail");
  });

  it("warns when the image comes from a build arg without a default", () => {
    const r = checkFixture(id, "ARG BASE\nFROM $BASE\n");
    expect(r.status).toBe("warn");
    expect(r.message).toContain("build argument with no default");
  });
});

describe("security.pin-apt-versions", () => {
  const id = "security.pin-apt-versions";

  it("warns (keeping the points) about packages without =version", () => {
    const r = checkFixture(
      id,
      df`
      FROM debian:bookworm-slim
      RUN apt-get update \
          && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ca-certificates \
          && rm -rf /var/lib/apt/lists/*
    `,
    );
    expect(r.status).toBe("warn");
    expect(r.points).toBe(r.maxPoints);
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("ca-certificates");
    expect(r.message).not.toContain("curl");
  });

  it("passes pinned packages", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN apt-get install -y curl=7.88.1-10+deb12u5\n").status).toBe(
      "pass",
    );
  });
});

describe("security.pin-pip-versions", () => {
  const id = "security.pin-pip-versions";

  it("fails packages named on the command line without ==", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi==0.110.0 'uvicorn>=0.29' numpy\n",
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("uvicorn>=0.29");
    expect(r.message).toContain("numpy: no version");
    expect(r.message).not.toContain("fastapi");
  });

  it("reads requirements.txt from the files and reports each unpinned line as requirements.txt:<line>", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
      {
        files: { "requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nscikit-learn\npandas~=2.2\n" },
      },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("requirements.txt:3");
    expect(r.message).toContain("requirements.txt:3: scikit-learn: no version");
    expect(r.message).toContain("requirements.txt:4: pandas~=2.2");
  });

  it("finds the context file a COPY put at another path, and follows nested -r includes", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nCOPY deps/prod.txt /tmp/reqs.txt\nRUN python -m pip install -r /tmp/reqs.txt\n",
      {
        files: {
          "deps/prod.txt": "-r base.txt\nfastapi==0.110.0\n",
          "deps/base.txt": "numpy\n",
          "requirements.txt": "other==1.0\n",
        },
      },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("deps/base.txt:1");
  });

  it("passes pinned requirements and local installs", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r " +
        "/app/requirements.txt && pip install --no-deps /app && pip install -e .\n",
      {
        files: { "requirements.txt": "fastapi==0.110.0\n# pinned\nuvicorn[standard]==0.29.0\n" },
      },
    );
    expect(r.status).toBe("pass");
    expect(r.message).toContain("requirements.txt");
  });

  it("skips with a note when the requirements file is not among the files", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nRUN pip install -r requirements/prod.txt\n");
    expect(r.status).toBe("skipped");
    expect(r.message).toContain("requirements/prod.txt");
  });
});

describe("security.pin-pip-versions where the requirements file is the exercise's", () => {
  const id = "security.pin-pip-versions";

  it("pins on the pip install line instead of asking for an edit of the fixed file", () => {
    const dockerfile = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n";
    const files = { "requirements.txt": "fastapi\n" };
    expect(checkFixture(id, dockerfile, { files }).fix).toContain("Pin it in requirements.txt: fastapi==<version>");
    const fixed = checkFixture(id, dockerfile, { files, editable: ["Dockerfile"] });
    expect(fixed.status).toBe("fail");
    expect(fixed.fix).not.toContain("Pin it in requirements.txt");
    expect(fixed.fix).toContain("cannot be edited, so name the packages with pinned versions on the pip install line");
  });
});

describe("security.pin-pip-versions with a bind mount", () => {
  it("reads the requirements file a RUN --mount binds from the context (bind is the default type)", () => {
    const dockerfile =
      "FROM python:3.11-slim\n" + "RUN --mount=source=deps/prod.txt,target=/tmp/r.txt pip install -r /tmp/r.txt\n";
    const files = { "deps/prod.txt": "fastapi==0.110.0\nnumpy\n" };
    const r = checkFixture("security.pin-pip-versions", dockerfile, { files });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("deps/prod.txt:2");
  });
});

describe("security.user-declared and security.final-user-not-root", () => {
  it("fails user-declared when the final stage never sets USER, and skips final-user-not-root", () => {
    const dockerfile = 'FROM python:3.11-slim AS build\nUSER nobody\nFROM python:3.11-slim\nCMD ["python"]\n';
    const declared = checkFixture("security.user-declared", dockerfile);
    expect(declared.status).toBe("fail");
    expect(declared.location).toBe("Dockerfile:3");
    expect(declared.message).toContain("runs as root");
    expect(checkFixture("security.final-user-not-root", dockerfile).status).toBe("skipped");
  });

  it("fails final-user-not-root when the last USER is root or 0, including via a variable", () => {
    const r = checkFixture("security.final-user-not-root", "FROM python:3.11-slim\nUSER app\nRUN id\nUSER 0:0\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    expect(
      checkFixture("security.final-user-not-root", "FROM python:3.11-slim\nARG RUNAS=root\nUSER ${RUNAS}\n").status,
    ).toBe("fail");
  });

  it("passes a non-root final USER, inherited from the stage the final one builds on", () => {
    const dockerfile = 'FROM python:3.11-slim AS base\nRUN useradd app\nUSER app\nFROM base\nCMD ["python"]\n';
    expect(checkFixture("security.user-declared", dockerfile).status).toBe("pass");
    expect(checkFixture("security.final-user-not-root", dockerfile).status).toBe("pass");
  });
});

describe("security.no-secrets-in-env-arg", () => {
  const id = "security.no-secrets-in-env-arg";

  it("fails a secret-looking ENV name with a literal value and redacts it in the evidence", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nENV DB_PASSWORD=hunter2hunter2\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("DB_PASSWORD");
    expect(r.evidence).toBe("ENV DB_PASSWORD=hunt…");
    expect(`${r.message}${r.evidence}${r.fix}`).not.toContain("hunter2hunter2");
  });

  it("fails a known token format anywhere, whatever the variable is called", () => {
    const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    const r = checkFixture(
      id,
      `FROM python:3.11-slim\nRUN pip install git+https://${token}@github.com/org/repo.git@v1\n`,
    );
    expect(r.status).toBe("fail");
    expect(r.message).toContain("GitHub token (ghp_…)");
    expect(r.evidence).not.toContain(token);
  });

  it("fails an ENV that copies a secret build arg into the image", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nARG HF_TOKEN\nENV HF_TOKEN=$HF_TOKEN\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("docker inspect");
  });

  it("only warns about a secret ARG without a default (build args show in the history)", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nARG OPENAI_API_KEY\n");
    expect(r.status).toBe("warn");
    expect(r.message).toContain("docker history");
  });

  it("recommends a secret mount and docker build --secret, named after the variable, in every fix", () => {
    const literal = checkFixture(id, "FROM python:3.11-slim\nENV DB_PASSWORD=hunter2hunter2\n");
    expect(literal.fix).toContain(
      "RUN --mount=type=secret,id=db_password <command>, " + "which reads it from /run/secrets/db_password",
    );
    expect(literal.fix).toContain("docker build --secret id=db_password,env=DB_PASSWORD");
    const copied = checkFixture(id, "FROM python:3.11-slim\nARG HF_TOKEN\nENV HF_TOKEN=$HF_TOKEN\n");
    expect(copied.fix).toContain(
      "Remove this ENV line. If a build step needs HF_TOKEN, mount it into that one RUN: " +
        "RUN --mount=type=secret,id=hf_token",
    );
    const arg = checkFixture(id, "FROM python:3.11-slim\nARG OPENAI_API_KEY\n");
    expect(arg.fix).toContain("docker build --secret id=openai_api_key,env=OPENAI_API_KEY");
  });

  it("never reports a secret mount, in any form, or the command that reads it", () => {
    // env= needs Dockerfile 1.10, so graders' syntax check refuses it; the rules must still read it right (the editor).
    const dockerfile = df`
      # syntax=docker/dockerfile:1
      FROM python:3.11-slim
      ENV HF_TOKEN_FILE=/run/secrets/hf_token
      RUN --mount=type=secret,id=hf_token,required=true \
          HF_TOKEN="$(cat /run/secrets/hf_token)" python -c "print('download')"
      RUN --mount=type=secret,id=aws_secret_access_key,target=/root/.aws/credentials python -c "print('s3')"
      RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN <<EOF
      git config --global credential.helper store
      python -c "print('private index')"
      EOF
      RUN useradd --uid 10001 app
      USER app
      CMD ["python", "-c", "print('serving')"]
    `;
    const r = checkFixture(id, dockerfile);
    expect(r.status).toBe("pass");
    expect(r.message).toContain("Build secrets arrive through RUN --mount=type=secret (Dockerfile:4)");
    const files = [{ path: "Dockerfile", content: dockerfile }];
    const results = runStaticChecks({ dockerfile, files, checks: exerciseChecksSchema.parse({}) });
    const findings = results.filter((c) => c.status === "fail" || c.status === "warn");
    expect(findings.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it("finds a credential in a heredoc, at its line, and one past the evidence cut-off of a long line", () => {
    const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    const r = checkFixture(
      id,
      df`
      FROM python:3.11-slim
      COPY <<EOF /root/.netrc
      machine github.com
      password ${token}
      EOF
    `,
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    expect(r.fix).toContain("RUN --mount=type=secret,id=<name>");
    expect(`${r.message}${r.evidence}${r.fix}`).not.toContain(token);
    const padding = "x".repeat(300);
    const long = checkFixture(id, `FROM python:3.11-slim\nRUN echo ${padding} && pip install git+https://${token}@h\n`);
    expect(long.status).toBe("fail");
    expect(long.message).toContain("GitHub token (ghp_…)");
  });

  it("passes file references and names that merely contain the letters", () => {
    const r = checkFixture(
      id,
      "FROM python:3.11-slim\nENV DB_PASSWORD_FILE=/run/secrets/db " +
        "TOKENIZERS_PARALLELISM=false PASSWORDLESS=1 MODEL_NAME=bert\n",
    );
    expect(r.status).toBe("pass");
  });
});

describe("security.no-env-file-copied", () => {
  const id = "security.no-env-file-copied";

  it("fails a COPY that names .env", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nCOPY app/ /app/\nCOPY .env /app/.env\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("names it directly");
  });

  it("fails COPY . when a .env is in the context and .dockerignore does not exclude it", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nCOPY . /app\n", {
      files: { ".env": "KEY=1", ".dockerignore": ".git\n" },
    });
    expect(r.status).toBe("fail");
    expect(r.message).toContain(".dockerignore does not exclude it");
  });

  it("proposes .dockerignore only where the learner may edit it", () => {
    const files = { ".env": "KEY=1", ".dockerignore": ".git\n", "app/main.py": "" };
    const dockerfile = "FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\n";
    expect(checkFixture(id, dockerfile, { files }).fix).toMatch(/^Add \.env \(and \.env\.\*\) to \.dockerignore\./);
    const fixed = checkFixture(id, dockerfile, { files, editable: ["Dockerfile"] });
    expect(fixed.fix).not.toContain("to .dockerignore");
    expect(fixed.fix).toContain("copy only what the app needs instead of the whole context:\nCOPY app/ ./app/\n");
    const named = checkFixture(id, "FROM python:3.11-slim\nCOPY .env /app/.env\n", { editable: ["Dockerfile"] });
    expect(named.fix).toMatch(/^Delete this line\. Pass the values at run time/);
  });

  it("offers a secret mount for build steps that need the values", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nCOPY .env /app/.env\n");
    expect(r.fix).toContain(
      "RUN --mount=type=secret,id=dotenv,target=/app/.env <command>, " +
        "with docker build --secret id=dotenv,src=.env",
    );
    const mounted = "FROM python:3.11-slim\nRUN --mount=type=secret,id=dotenv,target=/app/.env python -c 1\n";
    expect(checkFixture(id, mounted).status).toBe("pass");
  });

  it("passes when .dockerignore excludes .env, and for committed templates", () => {
    const files = { ".env": "KEY=1", ".env.example": "KEY=", ".dockerignore": ".env\n" };
    expect(checkFixture(id, "FROM python:3.11-slim\nCOPY . /app\nCOPY .env.example /app/\n", { files }).status).toBe(
      "pass",
    );
  });
});

describe("security.no-sudo", () => {
  it("fails sudo in RUN and suggests the line without it", () => {
    const r = checkFixture(
      "security.no-sudo",
      "FROM debian:bookworm-slim\nRUN apt-get update && sudo -E apt-get install -y curl\n",
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe("apt-get install -y curl");
  });

  it("passes without sudo (the word inside a package name does not count)", () => {
    expect(
      checkFixture("security.no-sudo", "FROM debian:bookworm-slim\nRUN echo sudo-free && apt-get install -y sudoku\n")
        .status,
    ).toBe("pass");
  });
});

describe("security.no-curl-pipe-shell", () => {
  it("fails curl piped into sh", () => {
    const r = checkFixture(
      "security.no-curl-pipe-shell",
      "FROM debian:bookworm-slim\nRUN curl -fsSL https://get.example.com | sh -s -- -y\n",
    );
    expect(r.status).toBe("fail");
    expect(r.message).toContain("curl output is piped straight into sh");
  });

  it("passes a download checked before it runs", () => {
    const r = checkFixture(
      "security.no-curl-pipe-shell",
      "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/i.sh https://x && echo " +
        '"abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n',
    );
    expect(r.status).toBe("pass");
  });
});
