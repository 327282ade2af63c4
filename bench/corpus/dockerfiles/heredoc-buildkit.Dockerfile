# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim AS base
RUN --mount=type=cache,target=/var/cache/apt \
    --mount=type=cache,target=/var/lib/apt/lists <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv ca-certificates
EOF
RUN python3 -m venv /venv
ENV PATH=/venv/bin:$PATH

FROM base
WORKDIR /app
RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    pip install --no-cache-dir -r /tmp/requirements.txt
COPY <<EOF /app/settings.toml
[server]
port = 8000
EOF
COPY app/ ./app/
RUN python3 <<PY
import compileall
compileall.compile_dir("/app")
PY
USER 65534
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
