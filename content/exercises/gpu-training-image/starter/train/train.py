"""Trains a logistic-regression classifier on synthetic data, with checkpoints.

Checkpoints go to CHECKPOINT_DIR (a volume in production). SIGTERM, which a
preempted node or `docker stop` sends, saves a final checkpoint before exiting.
"""
import argparse
import os
import signal
import sys
from pathlib import Path

import numpy as np

CHECKPOINT_DIR = Path(os.environ.get("CHECKPOINT_DIR", "/checkpoints"))
stop_requested = False


def request_stop(signum, _frame):
    global stop_requested
    stop_requested = True
    print(f"received signal {signum}: saving a checkpoint and stopping", flush=True)


def save(weights: np.ndarray, epoch: int) -> None:
    CHECKPOINT_DIR.mkdir(parents=True, exist_ok=True)
    path = CHECKPOINT_DIR / f"epoch-{epoch:04d}.npy"
    np.save(path, weights)
    print(f"checkpoint {path}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, request_stop)

    rng = np.random.default_rng(7)
    x = rng.normal(size=(2_000, 8))
    y = (x @ rng.normal(size=8) + 0.3 * rng.normal(size=2_000) > 0).astype(float)
    w = np.zeros(8)
    for epoch in range(1, args.epochs + 1):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= args.lr * x.T @ (p - y) / len(y)
        if epoch % 5 == 0 or stop_requested:
            accuracy = float(((p > 0.5) == y).mean())
            print(f"epoch {epoch}: accuracy {accuracy:.3f}", flush=True)
            save(w, epoch)
        if stop_requested:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
