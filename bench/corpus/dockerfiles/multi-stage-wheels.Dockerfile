ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim AS wheels
RUN apt-get update && apt-get install -y --no-install-recommends gcc g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:${PYTHON_VERSION}-slim AS tests
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir /wheels/* pytest==8.2.0

FROM python:${PYTHON_VERSION}-slim
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
WORKDIR /srv
COPY app/ ./app/
USER nobody
CMD ["python", "-m", "uvicorn", "app.main:app", "--host", "0.0.0.0"]
