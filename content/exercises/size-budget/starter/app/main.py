"""Flags anomalous sensor readings with a z-score computed in C."""
import ctypes
import os

from fastapi import FastAPI
from pydantic import BaseModel, Field

# Loaded at import: a missing library fails the server at start-up, loudly.
LIB = ctypes.CDLL(os.environ.get("ZSCORE_LIB", "/srv/lib/libzscore.so"))
LIB.max_abs_z.restype = ctypes.c_double
LIB.max_abs_z.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]

app = FastAPI(title="anomaly scorer")


class Series(BaseModel):
    values: list[float] = Field(min_items=2, max_items=10_000)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/score")
def score(series: Series) -> dict:
    array = (ctypes.c_double * len(series.values))(*series.values)
    z = LIB.max_abs_z(array, len(series.values))
    return {"max_abs_z": round(z, 3), "anomalous": z > 1.5}
