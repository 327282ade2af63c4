import { describe, expect, it } from "vitest";
import { df } from "../grading/static/testing/check-fixture";
import { parseDockerfile } from "./model";
import { normaliseDockerfile } from "./normalise";

const normalise = (source: string) => normaliseDockerfile(parseDockerfile(source));

const ORIGINAL = df`
  FROM python:3.11-slim AS builder
  ARG REQS=requirements.txt
  COPY \${REQS} .
  RUN pip install --no-cache-dir --prefix=/install -r $REQS
  FROM python:3.11-slim
  RUN groupadd -r appgroup && useradd -r -g appgroup -u 1000 appuser
  COPY --from=builder --chown=appuser:appgroup /install /usr/local
  ENV PYTHONUNBUFFERED=1 APP_DIR=/srv
  WORKDIR $APP_DIR
  COPY --chown=appuser:appgroup app/ ./app/
  USER appuser
  CMD ["python", "-m", "app.main"]
`;

// The same file with its comments, spacing, keyword case, line breaks and every meaningless name changed.
const DISGUISED = df`
  # Dockerfile for my ML service -- written by me
  from python:3.11-slim   as   build_env

  arg DEPENDENCIES="requirements.txt"
  copy $DEPENDENCIES .
  # install the dependencies
  run pip install \
        --no-cache-dir \
        --prefix=/install \
        -r \${DEPENDENCIES}

  from python:3.11-slim
  run groupadd -r mlgroup \
   && useradd -r -g mlgroup -u 1000 mluser
  copy --chown=mluser:mlgroup --from=build_env /install /usr/local
  env PYTHONUNBUFFERED=1 WORKSPACE=/srv
  workdir \${WORKSPACE}
  copy --chown=mluser:mlgroup app/ ./app/
  user mluser
  cmd [ "python",   "-m",   "app.main" ]
`;

describe("normaliseDockerfile", () => {
  it("makes a copy disguised by comments, whitespace, case, continuations and renamed names equal", () => {
    const normalised = normalise(ORIGINAL);
    expect(normalise(DISGUISED)).toEqual(normalised);
    expect(normalised).toEqual([
      "FROM python:3.11-slim AS stage1",
      "ARG VAR1=requirements.txt",
      "COPY ${VAR1} .",
      "RUN pip install --no-cache-dir --prefix=/install -r ${VAR1}",
      "FROM python:3.11-slim",
      "RUN groupadd -r user1 && useradd -r -g user1 -u 1000 user2",
      "COPY --chown=user2:user1 --from=stage1 /install /usr/local",
      "ENV PYTHONUNBUFFERED=1 VAR2=/srv",
      "WORKDIR ${VAR2}",
      "COPY --chown=user2:user1 app/ ./app/",
      "USER user2",
      'CMD ["python","-m","app.main"]',
    ]);
  });

  it("keeps genuinely different solutions different", () => {
    const other = df`
      FROM python:3.11-slim
      WORKDIR /app
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY . .
      CMD python app/main.py
    `;
    const a = normalise(ORIGINAL);
    const b = normalise(other);
    expect(b).not.toEqual(a);
    expect(b.filter((line) => a.includes(line))).toEqual(["FROM python:3.11-slim"]);
  });

  it("keeps the names programs read, and an ENV the file never reads back", () => {
    // Renaming these would make files that set different things look the same.
    const unbuffered = normalise("FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1\n");
    const noCache = normalise("FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\n");
    expect(unbuffered).not.toEqual(noCache);
    expect(normalise("FROM scratch\nENV MODEL_NAME=iris\n")).toEqual(["FROM scratch", "ENV MODEL_NAME=iris"]);
    expect(normalise("FROM scratch\nARG TARGETARCH\nRUN echo $TARGETARCH $PATH\n")).toEqual([
      "FROM scratch",
      "ARG TARGETARCH",
      "RUN echo ${TARGETARCH} ${PATH}",
    ]);
  });

  it("renames users only where they name users, never inside a path or another command's words", () => {
    const source = df`
      FROM scratch
      COPY app ./app
      RUN useradd -m app && chown -R app:app /home/app /app && echo app
      COPY --chown=app:app app/ /srv/
      USER app
      CMD uvicorn app.main:app
    `;
    expect(normalise(source)).toEqual([
      "FROM scratch",
      "COPY app ./app",
      "RUN useradd -m user1 && chown -R user1:user1 /home/app /app && echo app",
      "COPY --chown=user1:user1 app/ /srv/",
      "USER user1",
      "CMD uvicorn app.main:app",
    ]);
  });

  it("does not reorder instructions, ENV pairs or shell words", () => {
    const a = normalise("FROM scratch\nENV A=1 B=2\nRUN echo x && echo y\nCOPY a b\nCOPY c d\n");
    const b = normalise("FROM scratch\nENV B=2 A=1\nRUN echo y && echo x\nCOPY c d\nCOPY a b\n");
    for (const [x, y] of a.slice(1).map((line, i) => [line, b[i + 1]])) expect(x).not.toEqual(y);
  });

  it("keeps here-document lines, and stage references by index", () => {
    expect(
      normalise("FROM alpine AS a\nFROM alpine\nCOPY --from=0 /x /y\nRUN <<EOF\n  echo   hi\n\n  # note\nEOF\n"),
    ).toEqual(["FROM alpine AS stage1", "FROM alpine", "COPY --from=0 /x /y", "RUN <<EOF", "echo hi"]);
  });
});
