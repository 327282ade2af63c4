"""Score one query-document pair with the ranker whose weights were fetched at build time."""

import hashlib
import json
import math
import sys
from pathlib import Path

WEIGHTS = Path("/srv/weights/model.json")

# One query-document pair, already turned into the ranker's features.
SAMPLE = {
    "bm25": 0.71,
    "title_match": 1.0,
    "click_rate": 0.34,
    "freshness": 0.5,
    "doc_length": 0.4,
    "author_score": 0.8,
    "embedding_cosine": 0.83,
    "spam_score": 0.02,
}


def main() -> None:
    if not WEIGHTS.is_file():
        print(
            f"predict: no weights at {WEIGHTS}. They are fetched at build time: "
            "fetch_weights.py must run in a RUN step of the Dockerfile, with the hf_token secret mounted.",
            file=sys.stderr,
        )
        sys.exit(1)
    raw = WEIGHTS.read_bytes()
    model = json.loads(raw)
    z = model["bias"] + sum(w * SAMPLE[name] for name, w in zip(model["features"], model["weights"]))
    score = 1 / (1 + math.exp(-z))
    digest = hashlib.sha256(raw).hexdigest()
    print(f"{model['name']} loaded, weights sha256 {digest[:12]}, score {score:.2f}")


if __name__ == "__main__":
    main()
