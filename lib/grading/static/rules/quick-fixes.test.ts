import { describe, expect, it } from "vitest";
import { applyEdits, instructionSpan } from "../quick-fix";
import type { StaticRule } from "../static-rule";
import { checkFixture, type FixtureOptions, fixtureContext } from "../testing/check-fixture";
import { apkNoCache } from "./apk-no-cache";
import { aptListsRemoved } from "./apt-lists-removed";
import { aptNoInstallRecommends } from "./apt-no-install-recommends";
import { aptUpdateWithInstall } from "./apt-update-with-install";
import { copyNotAdd } from "./copy-not-add";
import { execFormCmd } from "./exec-form-cmd";
import { pipNoCache } from "./pip-no-cache";

/** The rule's finding on `dockerfile`, its quick fix applied: the text the editor shows afterwards. */
function fixed(rule: StaticRule, dockerfile: string, options: FixtureOptions = {}): string | undefined {
  const finding = checkFixture(rule.spec.id, dockerfile, options);
  expect(finding.status, `${rule.spec.id} finds something to fix`).not.toBe("pass");
  const line = Number(finding.location?.split(":")[1]);
  const fix = rule.quickFix?.(dockerfile, line, fixtureContext(dockerfile, options));
  return fix && applyEdits(dockerfile, fix.edits);
}

/** Fixed, and the rule itself agrees: the fix is what the grader wants, not just a plausible edit. */
function expectFixedTo(rule: StaticRule, dockerfile: string, expected: string, options: FixtureOptions = {}) {
  const after = fixed(rule, dockerfile, options);
  expect(after).toBe(expected);
  expect(checkFixture(rule.spec.id, after!, options).status).toBe("pass");
}

const FROM = "FROM python:3.11-slim\n";

describe("size.pip-no-cache quick fix", () => {
  it("adds --no-cache-dir to pip install, also on a continued line", () => {
    expectFixedTo(
      pipNoCache,
      `${FROM}RUN pip install -r requirements.txt\n`,
      `${FROM}RUN pip install --no-cache-dir -r requirements.txt\n`,
    );
    expectFixedTo(
      pipNoCache,
      `${FROM}RUN echo hi && \\\n    python -m pip install flask\n`,
      `${FROM}RUN echo hi && \\\n    python -m pip install --no-cache-dir flask\n`,
    );
  });

  it("adds --no-cache to uv pip install", () => {
    expectFixedTo(pipNoCache, `${FROM}RUN uv pip install flask\n`, `${FROM}RUN uv pip install --no-cache flask\n`);
  });
});

describe("size.apt-no-install-recommends quick fix", () => {
  it("adds --no-install-recommends after install, past options before it", () => {
    const before = `${FROM}RUN apt-get update && apt-get -y install curl && rm -rf /var/lib/apt/lists/*\n`;
    expectFixedTo(aptNoInstallRecommends, before, before.replace("install", "install --no-install-recommends"));
  });
});

describe("size.apk-no-cache quick fix", () => {
  it("adds --no-cache to apk add", () => {
    expectFixedTo(
      apkNoCache,
      "FROM alpine:3.20\nRUN apk add curl\n",
      "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    );
  });
});

describe("correctness.exec-form-cmd quick fix", () => {
  it("turns a plain shell-form CMD or ENTRYPOINT into a JSON array, quotes included", () => {
    expectFixedTo(
      execFormCmd,
      `${FROM}CMD uvicorn app.main:app --host 0.0.0.0\n`,
      `${FROM}CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n`,
    );
    expectFixedTo(
      execFormCmd,
      `${FROM}ENTRYPOINT python app.py --greeting "hello world"\n`,
      `${FROM}ENTRYPOINT ["python", "app.py", "--greeting", "hello world"]\n`,
    );
  });

  it("joins a continued CMD into one line and fixes single-quoted arrays", () => {
    expectFixedTo(execFormCmd, `${FROM}CMD python \\\n  app.py\n`, `${FROM}CMD ["python", "app.py"]\n`);
    expectFixedTo(execFormCmd, `${FROM}CMD ['python', 'app.py']\n`, `${FROM}CMD ["python", "app.py"]\n`);
  });

  it("keeps shell syntax and starts the last command with exec", () => {
    expectFixedTo(
      execFormCmd,
      `${FROM}CMD python migrate.py && uvicorn app:app\n`,
      `${FROM}CMD python migrate.py && exec uvicorn app:app\n`,
    );
    expectFixedTo(
      execFormCmd,
      `${FROM}CMD uvicorn app:app --port $PORT\n`,
      `${FROM}CMD exec uvicorn app:app --port $PORT\n`,
    );
    expectFixedTo(
      execFormCmd,
      `${FROM}CMD ["sh", "-c", "python migrate.py; uvicorn app:app"]\n`,
      `${FROM}CMD ["sh", "-c", "python migrate.py; exec uvicorn app:app"]\n`,
    );
  });

  it("offers nothing where exec would not run what the line meant", () => {
    expect(fixed(execFormCmd, `${FROM}CMD PORT=8000 uvicorn app:app --port $PORT\n`)).toBeUndefined();
    expect(fixed(execFormCmd, `${FROM}CMD ["uvicorn", "app:app", "--port", "$PORT"]\n`)).toBeUndefined();
  });
});

describe("cache.apt-update-with-install quick fix", () => {
  it("moves a lone apt-get update into the RUN that installs", () => {
    expectFixedTo(
      aptUpdateWithInstall,
      'FROM debian:bookworm-slim\nRUN apt-get update\n\nRUN apt-get install -y curl\nCMD ["bash"]\n',
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nCMD ["bash"]\n',
    );
    expectFixedTo(
      aptUpdateWithInstall,
      "FROM debian:bookworm-slim\nRUN apt-get -q update\nRUN --mount=type=cache,target=/var/cache/apt \\\n" +
        "    apt-get install -y curl\n",
      "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get -q update && \\\n" +
        "    apt-get install -y curl\n",
    );
  });

  it("offers nothing when the update is not alone or no install follows it", () => {
    expect(fixed(aptUpdateWithInstall, "FROM debian:bookworm-slim\nRUN apt-get update && echo hi\n")).toBeUndefined();
    expect(
      fixed(
        aptUpdateWithInstall,
        "FROM debian:bookworm-slim\nRUN apt-get update\nCOPY . .\nRUN apt-get install -y curl\n",
      ),
    ).toBeUndefined();
  });
});

describe("correctness.copy-not-add quick fix", () => {
  it("writes COPY for an ADD of local files, and leaves URLs and archives alone", () => {
    expectFixedTo(copyNotAdd, `${FROM}ADD app/ /srv/app/\n`, `${FROM}COPY app/ /srv/app/\n`);
    const archive = `${FROM}ADD model.tar.gz app/ /srv/\n`;
    expect(copyNotAdd.quickFix?.(archive, 2, fixtureContext(archive))).toBeUndefined();
    const url = `${FROM}ADD https://example.test/x /srv/\n`;
    expect(copyNotAdd.quickFix?.(url, 2, fixtureContext(url))).toBeUndefined();
  });
});

describe("size.apt-lists-removed quick fix", () => {
  it("appends the removal to the end of the RUN", () => {
    expectFixedTo(
      aptListsRemoved,
      `${FROM}RUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl  \n`,
      `${FROM}RUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl` +
        " && rm -rf /var/lib/apt/lists/*\n",
    );
  });
});

describe("instructionSpan", () => {
  it("follows continuations both ways and keeps comment lines inside them", () => {
    const lines = ["FROM x", "RUN a \\", "  # note", "  b \\", "  c", "CMD d"];
    expect(instructionSpan(lines, 4)).toEqual({ first: 2, last: 5 });
    expect(instructionSpan(lines, 6)).toEqual({ first: 6, last: 6 });
  });
});
