"""Prices a house from three features with a fixed linear model.

The weights stand in for a trained model; the exercise is about how the
image is built, so the service itself stays tiny.
"""
import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel, Field

WEIGHTS = np.array([18_500.0, 2_350.0, -1_100.0])
INTERCEPT = 42_000.0

app = FastAPI(title="house pricer")


class House(BaseModel):
    rooms: int = Field(ge=1, le=20)
    area_m2: float = Field(gt=10, lt=1000)
    age_years: float = Field(ge=0, lt=300)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
def predict(house: House) -> dict:
    features = np.array([house.rooms, house.area_m2, house.age_years])
    return {"price": round(float(features @ WEIGHTS + INTERCEPT), 2), "currency": "EUR"}
