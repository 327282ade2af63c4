"""Trains a logistic-regression classifier on /data/train.csv with data-loading workers, like a GPU training job.

Reads the dataset from /data (mounted read-only), writes a checkpoint per epoch to /checkpoints and the final
metrics to /outputs. PyTorch with CUDA cannot be installed on this platform's offline graders, so the model is
numpy; the data loading is the part that matters here, and it uses shared memory as PyTorch's workers do.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

from train.loader import LoaderError, load_epoch

DATA = Path(os.environ.get("DATA_DIR", "/data")) / "train.csv"
CHECKPOINTS = Path(os.environ.get("CHECKPOINT_DIR", "/checkpoints"))
OUTPUTS = Path(os.environ.get("OUTPUT_DIR", "/outputs"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.5)
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"no dataset at {DATA}: mount the exercise's data folder at {DATA.parent}", file=sys.stderr)
        return 2
    table = np.loadtxt(DATA, delimiter=",", skiprows=1, dtype=np.float32)
    features, labels = table[:, :-1], table[:, -1]
    weights = np.zeros(features.shape[1], dtype=np.float32)
    accuracy = 0.0
    for epoch in range(1, args.epochs + 1):
        try:
            batch = load_epoch(features, epoch)
        except LoaderError as err:
            print(f"epoch {epoch}: {err}", file=sys.stderr, flush=True)
            return 1
        for _ in range(20):
            predicted = 1 / (1 + np.exp(-(batch @ weights)))
            weights -= args.lr * batch.T @ (predicted - labels) / len(labels)
        accuracy = float(((features @ weights > 0) == (labels > 0.5)).mean())
        print(f"epoch {epoch}: accuracy {accuracy:.3f}", flush=True)
        CHECKPOINTS.mkdir(parents=True, exist_ok=True)
        checkpoint = CHECKPOINTS / f"epoch-{epoch:04d}.npy"
        np.save(checkpoint, weights)
        print(f"checkpoint {checkpoint}", flush=True)
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    metrics = OUTPUTS / "metrics.json"
    metrics.write_text(json.dumps({"epochs": args.epochs, "accuracy": round(accuracy, 4)}) + "\n")
    print(f"metrics {metrics}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
