"""Serves a flower classifier that was trained ahead of time and saved as a pickle.

The service never trains. It loads the model once, when it starts, and refuses to start without it, so an
image that forgot to copy the model fails at once instead of serving something else.
"""
import hashlib
import os
import pickle
import sys
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel, Field

# Beside app/ unless MODEL_PATH says otherwise: /srv/model/iris-tree.pkl when the code is in /srv/app.
MODEL_PATH = Path(os.environ.get("MODEL_PATH") or Path(__file__).resolve().parent.parent / "model" / "iris-tree.pkl")

if not MODEL_PATH.is_file():
    sys.exit(
        f"No model file at {MODEL_PATH}. This service does not train a model: copy the pre-trained "
        "model/iris-tree.pkl into the image beside app/ (or set MODEL_PATH to where you copied it)."
    )

# Unpickling runs whatever code the file names, so load only a model you built yourself.
with MODEL_PATH.open("rb") as file:
    MODEL_SHA256 = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    model = pickle.load(file)

app = FastAPI(title="flower classifier")


class Measurement(BaseModel):
    sepal_length: float = Field(gt=0, lt=20)
    sepal_width: float = Field(gt=0, lt=20)
    petal_length: float = Field(gt=0, lt=20)
    petal_width: float = Field(gt=0, lt=20)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
def predict(m: Measurement) -> dict:
    features = [[m.sepal_length, m.sepal_width, m.petal_length, m.petal_width]]
    # The file's hash says which model answered.
    return {"species": str(model.predict(features)[0]), "model_sha256": MODEL_SHA256[:12]}
