"""A stand-in model: a linear rule with fixed weights, so the image needs no downloads."""

WEIGHTS = {"bias": 0.5, "petal_length": 1.25}


def predict(petal_length: float) -> float:
    return WEIGHTS["bias"] + WEIGHTS["petal_length"] * petal_length


if __name__ == "__main__":
    print(f"prediction for petal_length=1.4: {predict(1.4):.2f}")
