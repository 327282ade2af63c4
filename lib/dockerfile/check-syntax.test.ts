import { describe, expect, it } from "vitest";
import { RequestError } from "../errors/request-error";
import { df } from "../grading/static/testing/check-fixture";
import { checkDockerfileSyntax, findSyntaxProblem, type SyntaxProblem } from "./check-syntax";

/** The problem the check reports, or "ok"; problems are compared without the shared "Dockerfile:N: " prefix. */
const problemIn = (source: string) => findSyntaxProblem(source) ?? "ok";

/** The first problem is at `line`, and its message and fix contain the given text. */
function expectProblem(source: string, line: number, message: string, fix = ""): void {
  const problem = findSyntaxProblem(source);
  expect(problem, source).toMatchObject({ line });
  const { message: said, fix: fixed } = problem as SyntaxProblem;
  expect(said).toContain(message);
  expect(fixed).toContain(fix);
}

describe("checkDockerfileSyntax", () => {
  it("accepts a normal Dockerfile, ARG before FROM included", () => {
    expect(() =>
      checkDockerfileSyntax('ARG V=3.11\nFROM python:${V}-slim\n# comment\nRUN echo hi\nCMD ["python"]\n'),
    ).not.toThrow();
  });

  it("names the line and suggests the instruction for a typo", () => {
    expect(() => checkDockerfileSyntax("FROM python:3.11-slim\n\nRUN echo hi\nCOPPY . /app\n")).toThrow(
      'Dockerfile:4: "COPPY" is not a Dockerfile instruction. Did you mean COPY?',
    );
  });

  it("explains an empty file and a file without FROM first", () => {
    expect(() => checkDockerfileSyntax("  \n")).toThrow(/empty. Start it with a FROM line/);
    expect(() => checkDockerfileSyntax("RUN echo hi\nFROM x\n")).toThrow(
      /Dockerfile:1: the first instruction must be FROM/,
    );
  });

  it("puts the line and the fix in the error's details as well as in its message", () => {
    let error: unknown;
    try {
      checkDockerfileSyntax("FROM python:3.11-slim\nRUN --mount=type=bogus,target=/x echo\n");
    } catch (caught) {
      error = caught;
    }
    expect(error instanceof RequestError && error.code).toBe("INVALID_DOCKERFILE");
    const { message, details } = error as { message: string; details: { line: number; fix: string } };
    expect(details.line).toBe(2);
    expect(details.fix).toContain("type=cache");
    expect(message.startsWith('Dockerfile:2: RUN --mount type "bogus" does not exist')).toBe(true);
    expect(message.endsWith(details.fix)).toBe(true);
  });
});

describe("BuildKit syntax the grader's frontend (Dockerfile 1.7) accepts", () => {
  it("accepts heredocs, RUN, COPY and ADD flags and a # syntax line, reading no heredoc body as instructions", () => {
    const dockerfile = df`
      # syntax=docker/dockerfile:1
      FROM python:3.11-slim AS base
      RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked --network=none \
          --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
          pip install -r /tmp/requirements.txt
      RUN --mount=type=secret,id=hf_token,required=true --mount=type=ssh \
          HF_TOKEN="$(cat /run/secrets/hf_token)" python -c "print(1)"
      COPY --chmod=755 --chown=app:app --link entrypoint.sh /usr/local/bin/
      ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a /tmp/
      ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.13.0 /src
      RUN <<EOF
      set -e
      FROM nothing
      not-an-instruction at all
      EOF
      COPY <<EOF /app/conf.ini
      [main]
      USER root
      EOF
      RUN <<A <<B
      echo a
      A
      echo b
      B
      HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --start-interval=2s --retries=3 CMD ["true"]
      CMD ["python", "app.py"]
    `;
    expect(problemIn(dockerfile)).toBe("ok");
  });

  it("accepts <<-EOT with tab-indented body and delimiter", () => {
    expect(problemIn('FROM debian:bookworm-slim\nRUN <<-EOT bash\n\techo hi\n\tEOT\nCMD ["true"]\n')).toBe("ok");
  });
});

describe("BuildKit syntax problems, reported at their line with a fix", () => {
  it("reports an unterminated heredoc at the line that opens it, spotting an indented delimiter", () => {
    expectProblem(
      "FROM x\nRUN <<EOF\napt-get update\n",
      2,
      "the heredoc <<EOF that this RUN starts is never closed",
      "End the heredoc with a line that contains only EOF.",
    );
    expectProblem(
      'FROM x\nCOPY <<EOF /app/conf\nport=1\n  EOF\nCMD ["x"]\n',
      2,
      'Dockerfile:4 reads "  EOF", but the closing line must be exactly EOF',
    );
  });

  it("explains body lines read as instructions when << is followed by a space", () => {
    expectProblem(
      "FROM x\nRUN cat > /etc/app.conf << EOF\n[main]\nport = 8000\nEOF\n",
      3,
      '"[main]" is not a Dockerfile instruction. It is meant as the body of the heredoc on Dockerfile:2',
      "Remove the space: <<EOF.",
    );
  });

  it("explains a command line that lost its \\ continuation instead of guessing an instruction", () => {
    const lost = "FROM x\nRUN apt-get update && \\\n    apt-get install -y curl &&\n    rm -rf /var/lib/apt/lists/*\n";
    expectProblem(
      lost,
      4,
      '"rm" is not a Dockerfile instruction. It looks like it continues the RUN on Dockerfile:2, ' +
        "but Dockerfile:3 does not end with \\",
      "End Dockerfile:3 with \\",
    );
  });

  it("reports an unknown --mount type, option or value with a suggestion", () => {
    expectProblem(
      "FROM x\nRUN --mount=type=bogus,target=/x echo\n",
      2,
      '--mount type "bogus" does not exist: BuildKit mounts are bind, cache, tmpfs, secret, ssh',
      "type=cache for a package cache",
    );
    expectProblem("FROM x\nRUN --mount=type=cahce,target=/x echo\n", 2, "does not exist", "Did you mean type=cache?");
    expectProblem(
      "FROM x\nRUN --mount=type=cache,targt=/root/.cache/pip pip install x\n",
      2,
      '"targt"',
      "Did you mean target=?",
    );
    expectProblem(
      "FROM x\nRUN --mount=type=cache,target=/x,sharing=lockd echo\n",
      2,
      "sharing must be shared, private or locked",
    );
    expectProblem(
      "FROM x\nRUN --mount=type=cache,target=/x,required echo\n",
      2,
      "required is not allowed on a cache mount",
    );
    expectProblem("FROM x\nRUN --mount=type=secret echo\n", 2, "A secret mount needs id=");
  });

  it("points at the flag's own line in a continued RUN", () => {
    expectProblem(
      "FROM x\nRUN --mount=type=cache,target=/x \\\n    --network=offline \\\n    echo\n",
      3,
      "--network=offline is not a network mode.",
      "Use --network=default, --network=none or --network=host.",
    );
  });

  it("reports the env= option of a secret mount as needing Dockerfile 1.10, with the file-based alternative", () => {
    const source = "FROM x\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli login\n";
    expectProblem(
      source,
      2,
      "The env= option of a secret mount needs Dockerfile 1.10 or newer, but graders build with Dockerfile 1.7",
      'read the secret from its file: --mount=type=secret,id=hf_token and HF_TOKEN="$(cat /run/secrets/hf_token)"',
    );
    expect(findSyntaxProblem(source)).toMatchObject({ lesson: "keeping-secrets-out" });
  });

  it("judges a file with a # syntax line by Dockerfile 1.7 too, since graders set that line aside", () => {
    for (const syntax of ["docker/dockerfile:1.10", "docker/dockerfile:1.7-labs", "example.com/my/frontend:2"]) {
      expectProblem(
        `# syntax=${syntax}\nFROM x\nCOPY --parents --exclude=*.pyc src/*/ /app/\n`,
        3,
        `(graders cannot download the frontend that # syntax=${syntax} names, so that line is set aside)`,
      );
    }
  });

  it("reports COPY --parents, --exclude and RUN --security as labs-only in Dockerfile 1.7", () => {
    expectProblem(
      "FROM x\nWORKDIR /app\nCOPY --parents src/*/ ./\n",
      3,
      "COPY --parents needs Dockerfile 1.20 or newer (or the labs channel of Dockerfile 1.7 and later)",
      "Copy each directory with its own COPY line",
    );
    expectProblem("FROM x\nCOPY --exclude=*.pyc . /app\n", 2, "--exclude needs Dockerfile 1.19", ".dockerignore");
    expectProblem(
      "FROM x\nRUN --security=insecure echo\n",
      2,
      "RUN --security needs Dockerfile 1.20",
      "Remove the flag",
    );
  });

  it("reports flags an instruction does not have, bad flag values and symbolic --chmod", () => {
    expectProblem("FROM x\nCOPY --frm=builder /a /b\n", 2, "COPY has no --frm flag.", "Did you mean --from?");
    expectProblem("FROM x\nCOPY --link=yes a /b\n", 2, "--link is true or false");
    expectProblem("FROM x\nCOPY --chmod=u+x run.sh /usr/local/bin/\n", 2, "needs Dockerfile 1.14", "--chmod=755");
    expectProblem("FROM x\nHEALTHCHECK --interval=30 CMD true\n", 2, "30 is not a duration: it has no unit.", "30s");
  });

  it("reports an ADD --checksum that is not a digest, or that guards a local file", () => {
    const hash = "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d";
    expectProblem(
      `FROM x\nADD --checksum=${hash} https://example.com/a.tgz /tmp/\n`,
      2,
      "it lacks the algorithm",
      "sha256:",
    );
    expectProblem(`FROM x\nADD --checksum=sha256:${hash} a.tgz /tmp/\n`, 2, "a.tgz is not an http(s) URL");
  });
});
