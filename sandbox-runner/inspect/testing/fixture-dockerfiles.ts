import type { ContextFile } from "../../docker/build-context";

/**
 * Fixture build contexts for the image-check tests. Secrets are assembled at
 * run time so no token-shaped string sits in the source tree.
 */
export const FAKE = {
  awsKey: ["AKIA", "IOSFODNN7EXAMPLE"].join(""),
  hfToken: ["hf", "_", "FakeTokenForDockyardTests0123456789"].join(""),
  keyHeader: ["-----BEGIN", "OPENSSH", "PRIVATE", "KEY-----"].join(" "),
};

const MESSY_DOCKERFILE = (runId: string) => `FROM debian:bookworm-slim
LABEL dockyard.fixture=${runId}
ARG HF_TOKEN=${FAKE.hfToken}
ENV DB_PASSWORD=hunter2-hunter2
WORKDIR /app
COPY . /app
RUN printf '%s\\n' '${FAKE.keyHeader}' 'ZmFrZQ==' > /root/id_rsa \\
 && dd if=/dev/zero of=/opt/blob bs=1M count=20 status=none
RUN rm /root/id_rsa /opt/blob /app/.env
RUN mkdir -p /root/.cache/pip/http /var/lib/apt/lists/partial /var/cache/apt/archives \\
 && dd if=/dev/zero of=/root/.cache/pip/http/wheel-cache bs=1k count=300 status=none \\
 && dd if=/dev/zero of=/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages bs=1k count=200 status=none \\
 && dd if=/dev/zero of=/var/cache/apt/archives/foo_1.0_amd64.deb bs=1k count=100 status=none \\
 && printf '#!/bin/sh\\n' > /usr/bin/gcc-12 && chmod 755 /usr/bin/gcc-12 && ln -s gcc-12 /usr/bin/gcc \\
 && printf 'x' > /usr/local/bin/helper && chmod 4755 /usr/local/bin/helper \\
 && mkdir /app/uploads && chmod 777 /app/uploads
`;

/** Everything wrong at once, on debian:bookworm-slim. */
export function messyContext(runId: string): ContextFile[] {
  return [
    { path: "Dockerfile", content: MESSY_DOCKERFILE(runId) },
    { path: "main.py", content: "print('hello')\n" },
    { path: "config.yaml", content: `region: eu-west-1\naws_key: ${FAKE.awsKey}\n` },
    { path: ".env", content: "DB_PASSWORD=hunter2-hunter2\nAPI_KEY=abc\n" },
    { path: "app.log", content: "started\n".repeat(100) },
    { path: ".git/HEAD", content: "ref: refs/heads/main\n" },
    { path: ".git/objects/ab/cdef0123", content: "x".repeat(5000) },
    { path: "__pycache__/main.cpython-311.pyc", content: "bytecode" },
    { path: "data/model.bin", content: "0".repeat(1_500_000) },
  ];
}

/** A tidy service image on python:3.11-slim, with a builder stage whose venv is copied in. */
export function cleanContext(runId: string): ContextFile[] {
  const dockerfile = `FROM python:3.11-slim AS build
LABEL dockyard.fixture=${runId}
RUN mkdir -p /opt/venv/lib && dd if=/dev/zero of=/opt/venv/lib/native.so bs=1k count=1500 status=none

FROM python:3.11-slim
LABEL dockyard.fixture=${runId}
RUN useradd --create-home --uid 10001 app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY app.py /app/app.py
RUN printf 'scratch' > /tmp/scratch && chmod 666 /tmp/scratch
USER app
EXPOSE 8000
HEALTHCHECK --interval=5s CMD python3 -c "print('ok')"
CMD ["python3", "-m", "http.server", "8000"]
`;
  return [
    { path: "Dockerfile", content: dockerfile },
    { path: "app.py", content: "print('serving')\n" },
  ];
}

/** A local base image that brings compilers (and a secret of its own, which is not the learner's). */
export function toolBaseContext(runId: string): ContextFile[] {
  const dockerfile = `FROM debian:bookworm-slim
LABEL dockyard.fixture=${runId}
RUN mkdir -p /usr/lib/gcc/x86_64-linux-gnu/12 /srv \\
 && printf '#!/bin/sh\\n' > /usr/bin/gcc && chmod 755 /usr/bin/gcc \\
 && printf 'cc1' > /usr/lib/gcc/x86_64-linux-gnu/12/cc1 \\
 && printf 'aws_key=${FAKE.awsKey}\\n' > /srv/.env
`;
  return [{ path: "Dockerfile", content: dockerfile }];
}

export function onToolBaseContext(runId: string, baseTag: string): ContextFile[] {
  const dockerfile = `FROM ${baseTag}
LABEL dockyard.fixture=${runId}
COPY app.py /srv/app.py
USER 10001
`;
  return [
    { path: "Dockerfile", content: dockerfile },
    { path: "app.py", content: "print('hi')\n" },
  ];
}
