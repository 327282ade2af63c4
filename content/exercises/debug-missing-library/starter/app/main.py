"""Computes vector features in a native library loaded through ctypes."""
import ctypes
import os

from fastapi import FastAPI
from pydantic import BaseModel, Field

# Loading at import means a missing dependency stops the server at start-up, with the loader's message.
LIB = ctypes.CDLL(os.environ.get("FEATURES_LIB", "/srv/lib/libfeatures.so"))
LIB.l2_norm.restype = ctypes.c_double
LIB.l2_norm.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]

app = FastAPI(title="feature service")


class Vector(BaseModel):
    values: list[float] = Field(min_items=1, max_items=100_000)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/features")
def features(vector: Vector) -> dict:
    array = (ctypes.c_double * len(vector.values))(*vector.values)
    return {"l2_norm": round(LIB.l2_norm(array, len(vector.values)), 6), "length": len(vector.values)}
