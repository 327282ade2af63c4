#!/usr/bin/env bash
# Replays a week of experiments on this engine: a ranking model rebuilt three times, three training trials
# with a checkpoint volume each, a scratch container, and the server that is still in use. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

docker rm -f server trial-1 trial-2 trial-3 scratch >/dev/null 2>&1 || true

echo "== the model the server uses, in the volume serving-models"
docker volume create serving-models >/dev/null
docker run --rm -v serving-models:/models python:3.11-slim \
  python -c 'import json; json.dump({"name": "ranker-v4", "bias": 0.1}, open("/models/model.json", "w"))'

echo "== three rebuilds of ranker:4 (each leaves the one before it without a tag)"
for build in 1 2 3; do
  docker build -q --build-arg BUILD="$build" -t ranker:4 .
done

echo "== three training trials, each with a checkpoint volume"
for trial in 1 2 3; do
  docker run --name "trial-$trial" -v "ckpt-trial-$trial:/checkpoints" python:3.11-slim \
    python -c "open('/checkpoints/epoch-1.pt', 'wb').write(bytes(2_000_000)); print('trial $trial done')"
done

echo "== a scratch container with an anonymous volume"
docker run --name scratch -v /scratch python:3.11-slim true

echo "== the server, still in use"
docker run -d --name server -p 127.0.0.1:8000:8000 -v serving-models:/models:ro ranker:4 >/dev/null
docker ps -a --format 'table {{.Names}}\t{{.Image}}\t{{.Status}}'
