FROM python:3.11-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-install-project --no-dev
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev

FROM python:3.11-slim
COPY --from=build --chown=10001:10001 /app /app
ENV PATH=/app/.venv/bin:$PATH
USER 10001
WORKDIR /app
EXPOSE 8000
CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
