"""A small iris-style classifier served over HTTP.

The model is trained when the server starts: the data set is tiny, so this
takes milliseconds and keeps the exercise about the image, not about training.
"""
from fastapi import FastAPI
from pydantic import BaseModel, Field

from app.model import train_model

app = FastAPI(title="flower classifier")
model = train_model()


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
    label = model.predict(features)[0]
    confidence = float(max(model.predict_proba(features)[0]))
    return {"prediction": str(label), "confidence": round(confidence, 3)}
