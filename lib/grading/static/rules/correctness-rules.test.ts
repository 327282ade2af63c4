import { describe, expect, it } from "vitest";
import { checkFixture, df } from "../testing/check-fixture";

describe("correctness.exec-form-cmd", () => {
  const id = "correctness.exec-form-cmd";

  it("fails shell-form CMD and proposes the JSON array", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nCMD uvicorn app.main:app --host 0.0.0.0 --port 8000\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain('/bin/sh -c "uvicorn app.main:app --host 0.0.0.0 --port 8000"');
    expect(r.fix).toBe('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]');
  });

  it("explains single-quoted 'JSON', which Docker runs as shell form", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nCMD ['python', 'app.py']\n");
    expect(r.status).toBe("fail");
    expect(r.message).toContain("double quotes");
    expect(r.fix).toBe('CMD ["python", "app.py"]');
  });

  it("fails a $VARIABLE in exec form, which no shell expands", () => {
    const r = checkFixture(id, 'FROM python:3.11-slim\nENTRYPOINT ["uvicorn", "app:app", "--port", "$PORT"]\n');
    expect(r.status).toBe("fail");
    expect(r.message).toContain("$PORT is passed literally");
  });

  it("fails a JSON array that only wraps sh -c without exec", () => {
    const r = checkFixture(id, 'FROM python:3.11-slim\nCMD ["sh", "-c", "python migrate.py && uvicorn app:app"]\n');
    expect(r.status).toBe("fail");
    expect(r.message).toContain('"uvicorn app:app" runs as its child');
    expect(r.fix).toBe(
      'Start the last command with exec: CMD ["sh", "-c", "python migrate.py && exec uvicorn app:app"]',
    );
    expect(
      checkFixture(id, 'FROM python:3.11-slim\nCMD ["sh", "-c", "python migrate.py && exec uvicorn app:app"]\n').status,
    ).toBe("pass");
  });

  it("passes exec form and shell form that execs, and skips when the image keeps its base command", () => {
    expect(checkFixture(id, 'FROM python:3.11-slim\nENTRYPOINT ["python"]\nCMD ["app.py"]\n').status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nCMD exec uvicorn app:app --port $PORT\n").status).toBe("pass");
    expect(checkFixture(id, "FROM python:3.11-slim\nCMD python migrate.py && exec uvicorn app:app\n").status).toBe(
      "pass",
    );
    expect(checkFixture(id, "FROM python:3.11-slim\nCMD python migrate.py && uvicorn app:app --port $PORT\n").fix).toBe(
      "CMD python migrate.py && exec uvicorn app:app --port $PORT  (or move the " +
        "shell logic into a script and run it in exec form)",
    );
    expect(checkFixture(id, "FROM python:3.11-slim\nRUN echo\n").status).toBe("skipped");
  });
});

describe("correctness.listen-on-all-interfaces", () => {
  const id = "correctness.listen-on-all-interfaces";

  it("fails uvicorn on its 127.0.0.1 default and gunicorn bound to localhost", () => {
    const r = checkFixture(id, 'FROM python:3.11-slim\nCMD ["uvicorn", "app.main:app", "--port", "8000"]\n');
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("127.0.0.1 (uvicorn's default)");
    expect(r.fix).toContain("--host 0.0.0.0");
    const g = checkFixture(id, 'FROM python:3.11-slim\nCMD ["gunicorn", "-b", "localhost:8000", "app:app"]\n');
    expect(g.status).toBe("fail");
    expect(g.fix).toContain("--bind 0.0.0.0:8000");
  });

  it("passes 0.0.0.0 from a flag, UVICORN_HOST, a gunicorn config file, or a sh -c script", () => {
    expect(
      checkFixture(id, 'FROM python:3.11-slim\nCMD ["python", "-m", "uvicorn", "app:app", "--host=0.0.0.0"]\n').status,
    ).toBe("pass");
    expect(
      checkFixture(id, 'FROM python:3.11-slim\nENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "app:app"]\n').status,
    ).toBe("pass");
    const conf = checkFixture(id, 'FROM python:3.11-slim\nCMD ["gunicorn", "app:app"]\n', {
      files: { "gunicorn.conf.py": 'bind = "0.0.0.0:8000"\n' },
    });
    expect(conf.status).toBe("pass");
    expect(
      checkFixture(
        id,
        'FROM python:3.11-slim\nCMD ["sh", "-c", "alembic upgrade head && exec uvicorn app:app --host 0.0.0.0"]\n',
      ).status,
    ).toBe("pass");
  });

  it("reads ENTRYPOINT and CMD in exec form as one command line", () => {
    expect(
      checkFixture(id, 'FROM python:3.11-slim\nENTRYPOINT ["uvicorn"]\nCMD ["app:app", "--host", "0.0.0.0"]\n').status,
    ).toBe("pass");
    expect(checkFixture(id, 'FROM python:3.11-slim\nENTRYPOINT ["uvicorn"]\nCMD ["app:app"]\n').status).toBe("fail");
  });

  it("reads an entrypoint script from the submitted files", () => {
    const r = checkFixture(id, 'FROM python:3.11-slim\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n', {
      files: { "start.sh": "#!/bin/sh\nset -e\nexec flask run --port 8000\n" },
    });
    expect(r.status).toBe("fail");
    expect(r.message).toContain("flask run binds 127.0.0.1");
  });

  it("skips start commands it does not recognise", () => {
    expect(checkFixture(id, 'FROM python:3.11-slim\nCMD ["python", "app/main.py"]\n').status).toBe("skipped");
  });
});

describe("correctness.expose-matches-port", () => {
  const id = "correctness.expose-matches-port";
  const checks = { run: { port: 8000 } };

  it("fails an EXPOSE and a server port that differ from run.port", () => {
    const r = checkFixture(
      id,
      'FROM python:3.11-slim\nEXPOSE 5000\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8080"]\n',
      { checks },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("EXPOSE lists 5000, but the service for this exercise listens on port 8000");
    expect(r.message).toContain("uvicorn is started on port 8080");
  });

  it("warns when nothing is exposed, passes a match, and skips without run.port", () => {
    expect(checkFixture(id, "FROM python:3.11-slim\n", { checks }).status).toBe("warn");
    expect(checkFixture(id, "FROM python:3.11-slim\nARG PORT=8000\nEXPOSE ${PORT}/tcp\n", { checks }).status).toBe(
      "pass",
    );
    expect(checkFixture(id, "FROM python:3.11-slim\nEXPOSE 5000\n").status).toBe("skipped");
    expect(checkFixture(id, "FROM python:3.11-slim\nEXPOSE $PORT\n", { checks }).status).toBe("warn");
  });
});

describe("correctness.healthcheck-declared", () => {
  const id = "correctness.healthcheck-declared";
  const checks = { run: { port: 8000 } };

  it("fails a missing HEALTHCHECK with a fix using the exercise's port and health path", () => {
    const r = checkFixture(id, 'FROM python:3.11-slim\nCMD ["python", "app.py"]\n', {
      checks: { run: { port: 9000, health: { path: "/healthz" } } },
    });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:1");
    expect(r.fix).toContain("http://127.0.0.1:9000/healthz");
  });

  it("fails HEALTHCHECK NONE, passes a real one, and skips when the exercise does not require it", () => {
    expect(checkFixture(id, "FROM python:3.11-slim\nHEALTHCHECK NONE\n", { checks }).status).toBe("fail");
    expect(checkFixture(id, 'FROM python:3.11-slim\nHEALTHCHECK CMD python -c "print(1)"\n', { checks }).status).toBe(
      "pass",
    );
    expect(
      checkFixture(id, "FROM python:3.11-slim\n", { checks: { run: { port: 8000, requireHealthcheck: false } } })
        .status,
    ).toBe("skipped");
    expect(checkFixture(id, "FROM python:3.11-slim\n").status).toBe("skipped");
  });
});

describe("correctness.copy-not-add", () => {
  const id = "correctness.copy-not-add";

  it("fails ADD of local files and proposes COPY", () => {
    const r = checkFixture(id, "FROM python:3.11-slim\nADD --chown=app app/ /app/\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.fix).toBe("COPY --chown=app app/ /app/");
  });

  it("passes a local archive, warns about a URL without --checksum, passes one with it", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nADD model.tar.gz /models/\n").status).toBe("pass");
    expect(checkFixture(id, "FROM debian:bookworm-slim\nADD https://example.com/m.bin /m.bin\n").status).toBe("warn");
    expect(
      checkFixture(id, "FROM debian:bookworm-slim\nADD --checksum=sha256:abc https://example.com/m.bin /m.bin\n")
        .status,
    ).toBe("pass");
  });

  it("asks a Git repository to be pinned to a commit (not a --checksum), keeping --keep-git-dir in the fix", () => {
    const repo = "https://github.com/moby/buildkit.git";
    const r = checkFixture(id, `FROM debian:bookworm-slim\nADD --keep-git-dir=true ${repo}#v0.13.0 /src\n`);
    expect(r.status).toBe("warn");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain(`ADD fetches ${repo} at the ref v0.13.0, which can be moved`);
    expect(r.fix).toBe(`Pin the commit in the URL: ADD --keep-git-dir=true ${repo}#<40-character commit SHA> /src`);
    const branch = checkFixture(id, "FROM debian:bookworm-slim\nADD git@github.com:org/repo.git /src\n");
    expect(branch.message).toContain("its default branch");
    const commit = `${repo}#0123456789abcdef0123456789abcdef01234567`;
    expect(checkFixture(id, `FROM debian:bookworm-slim\nADD ${commit} /src\n`).status).toBe("pass");
  });

  it("skips ADD <<EOF, which writes inline content", () => {
    expect(checkFixture(id, "FROM debian:bookworm-slim\nADD <<EOF /etc/motd\nhello\nEOF\n").status).toBe("pass");
  });
});

describe("correctness.absolute-workdir", () => {
  it("fails a relative WORKDIR and passes absolute or variable paths", () => {
    const r = checkFixture("correctness.absolute-workdir", "FROM python:3.11-slim\nWORKDIR /srv\nWORKDIR app\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:3");
    expect(r.message).toContain("/srv/app");
    expect(r.fix).toBe("WORKDIR /srv/app");
    expect(
      checkFixture(
        "correctness.absolute-workdir",
        "FROM python:3.11-slim\nARG HOME_DIR=/srv\nWORKDIR /app\nWORKDIR $HOME_DIR\n",
      ).status,
    ).toBe("pass");
  });
});

describe("correctness.no-cd-in-run", () => {
  it("warns about cd in RUN (points kept) and passes WORKDIR", () => {
    const r = checkFixture(
      "correctness.no-cd-in-run",
      "FROM python:3.11-slim\nRUN cd /app && pip install --no-cache-dir .\n",
    );
    expect(r.status).toBe("warn");
    expect(r.points).toBe(r.maxPoints);
    expect(r.fix).toContain("WORKDIR /app");
    expect(
      checkFixture("correctness.no-cd-in-run", "FROM python:3.11-slim\nWORKDIR /app\nRUN pip install .\n").status,
    ).toBe("pass");
  });
});

describe("correctness.pipefail", () => {
  const id = "correctness.pipefail";

  it("fails a piped RUN without pipefail", () => {
    const r = checkFixture(
      id,
      "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/m.tgz | tar -xz -C /opt\n",
    );
    expect(r.status).toBe("fail");
    expect(r.message).toContain("pipes curl into tar");
    expect(r.fix).toContain('SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
  });

  it("passes with SHELL pipefail (also inherited from the parent stage) or set -o pipefail, and ignores ||", () => {
    expect(
      checkFixture(
        id,
        'FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-o", "pipefail", ' +
          '"-c"]\nFROM base\nRUN curl -s x | tar -x\n',
      ).status,
    ).toBe("pass");
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN set -euo pipefail; curl -s x | tar -x\n").status).toBe(
      "pass",
    );
    expect(checkFixture(id, "FROM debian:bookworm-slim\nRUN test -f x || touch x\n").status).toBe("pass");
  });

  it("reads pipes in a heredoc script at their line, and pipefail set in it or on the shell that reads it", () => {
    const r = checkFixture(id, "FROM debian:bookworm-slim\nRUN <<EOF\nset -e\ncurl -fsSL https://x | tar -xz\nEOF\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:4");
    const script = (opening: string, first: string) =>
      `FROM debian:bookworm-slim\nRUN ${opening}\n${first}\ncurl -fsSL https://x | tar -xz\nEOF\n`;
    expect(checkFixture(id, script("<<EOF", "set -euo pipefail")).status).toBe("pass");
    expect(checkFixture(id, script("<<EOF bash -o pipefail", "cd /opt")).status).toBe("pass");
    expect(checkFixture(id, script("<<EOF", "cd /opt")).status).toBe("fail");
  });
});

describe("correctness.one-cmd", () => {
  it("warns that only the last CMD counts, and passes a single one", () => {
    const r = checkFixture(
      "correctness.one-cmd",
      'FROM python:3.11-slim\nCMD ["python", "migrate.py"]\nCMD ["python", "app.py"]\n',
    );
    expect(r.status).toBe("warn");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain("CMD at Dockerfile:2 is ignored: the CMD at Dockerfile:3 replaces it");
    expect(
      checkFixture("correctness.one-cmd", 'FROM python:3.11-slim AS a\nCMD ["a"]\nFROM python:3.11-slim\nCMD ["b"]\n')
        .status,
    ).toBe("pass");
  });
});

describe("correctness.multi-stage-used-correctly", () => {
  const id = "correctness.multi-stage-used-correctly";

  it("fails an unused stage, a --from naming no stage, and duplicate names", () => {
    const r = checkFixture(
      id,
      df`
      FROM python:3.11-slim AS deps
      RUN pip wheel --wheel-dir /w numpy==1.26.4
      FROM python:3.11-slim AS tests
      RUN echo test
      FROM python:3.11-slim AS tests
      COPY --from=build /w /w
    `,
    );
    expect(r.status).toBe("fail");
    expect(r.message).toContain('Two stages are named "tests"');
    expect(r.message).toContain(
      '--from=build names no stage of this Dockerfile, so Docker would try to pull an image called "build"',
    );
    expect(r.message).toContain("Stage deps (FROM python:3.11-slim) is built, but nothing uses it");
  });

  it(
    "passes connected stages (COPY --from by name or index, FROM <stage>, RUN " + "--mount=from) and images in --from",
    () => {
      const r = checkFixture(
        id,
        df`
      FROM python:3.11-slim AS builder
      RUN pip wheel --wheel-dir /w numpy==1.26.4
      FROM python:3.11-slim AS base
      FROM debian:bookworm-slim AS assets
      FROM base
      COPY --from=0 /w /w
      COPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /bin/uv
      RUN --mount=from=assets,source=/etc,target=/x ls /x
    `,
      );
      expect(r.status).toBe("pass");
    },
  );

  it("is skipped for a single-stage Dockerfile", () => {
    expect(checkFixture(id, "FROM python:3.11-slim\n").status).toBe("skipped");
  });
});
