"""Hands batches to the trainer the way PyTorch's DataLoader does with num_workers > 0.

Each worker process builds its batches (here: noise-augmented copies of the dataset, padded to the size an image
batch has) straight into shared memory under /dev/shm, and the trainer reads them there without copying them
through a pipe. WORKERS x PREFETCH batches of BATCH_MB each are in flight at once: about 160 MB. Docker gives a
container 64 MB of /dev/shm unless it is started with --shm-size (Compose: shm_size), and a worker that writes past
the end of it is killed by the kernel with SIGBUS, the "bus error" PyTorch reports from its workers.
"""
import multiprocessing as mp
import signal
from multiprocessing import shared_memory

import numpy as np

WORKERS = 2
PREFETCH = 2
BATCH_MB = 40
BATCH_VALUES = BATCH_MB * 1024 * 1024 // 4


class LoaderError(RuntimeError):
    pass


def _fill(names: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    for name in names:
        block = shared_memory.SharedMemory(name=name)
        try:
            batch = np.ndarray((BATCH_VALUES,), dtype=np.float32, buffer=block.buf)
            # Writing is what needs the memory: each page of /dev/shm is allocated when it is first touched.
            rng.standard_normal(out=batch, dtype=np.float32)
            del batch
        finally:
            block.close()


def load_epoch(features: np.ndarray, epoch: int) -> np.ndarray:
    """One epoch's batches from the workers; returns the dataset with the workers' augmentation noise added."""
    blocks = [
        shared_memory.SharedMemory(create=True, size=BATCH_VALUES * 4) for _ in range(WORKERS * PREFETCH)
    ]
    try:
        context = mp.get_context("fork")
        workers = [
            context.Process(
                target=_fill,
                args=([b.name for b in blocks[w * PREFETCH : (w + 1) * PREFETCH]], epoch * WORKERS + w),
            )
            for w in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        for number, worker in enumerate(workers):
            if worker.exitcode == -signal.SIGBUS:
                raise LoaderError(
                    f"DataLoader worker {number} was killed by signal SIGBUS (bus error): /dev/shm is full. "
                    f"The workers keep about {WORKERS * PREFETCH * BATCH_MB} MB of batches in shared memory and "
                    "Docker gives a container 64 MB unless it runs with --shm-size (Compose: shm_size)."
                )
            if worker.exitcode != 0:
                raise LoaderError(f"DataLoader worker {number} exited with code {worker.exitcode}.")
        noise = np.ndarray((BATCH_VALUES,), dtype=np.float32, buffer=blocks[0].buf)[: features.size]
        augmented = features + 0.05 * noise.reshape(features.shape)
        del noise
        return augmented
    finally:
        for block in blocks:
            block.close()
            block.unlink()
