"""Scores how spammy a message looks from a small weighted vocabulary.

A real service would load a trained model here (with MODEL_REGISTRY_TOKEN
from the environment); the word weights keep the exercise about the image.
"""
import math
import os
import re

from fastapi import FastAPI
from pydantic import BaseModel, Field

WEIGHTS = {"free": 1.4, "win": 1.2, "prize": 1.3, "click": 0.9, "now": 0.4, "offer": 0.8, "meeting": -1.1, "invoice": -0.6}
BIAS = -1.5

app = FastAPI(title="spam scorer")
registry_token_present = bool(os.environ.get("MODEL_REGISTRY_TOKEN"))


class Message(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/score")
def score(message: Message) -> dict:
    words = re.findall(r"[a-z]+", message.text.lower())
    logit = BIAS + sum(WEIGHTS.get(w, 0.0) for w in words)
    return {"spam_probability": round(1 / (1 + math.exp(-logit)), 3)}
