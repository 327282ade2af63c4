# dockyard/package-mirror: the PEP 503 index learners' builds install from.
# Built by seed-base-images.sh with --network none; the context holds
# mirror/ = the output of build-wheels.py (packages/, simple/,
# debian-sources.json). Run by sandbox-runner/images/package-mirror.ts with a
# read-only root filesystem on the internal build network.
FROM python:3.11-slim

# Files stay root-owned and read-only for the server, which needs no state.
COPY mirror/ /srv/mirror/
COPY mirror_server.py /usr/local/lib/dockyard/mirror_server.py

# A read-only root filesystem has no room for bytecode caches anyway.
ENV PYTHONDONTWRITEBYTECODE=1
USER 10001:10001
WORKDIR /srv/mirror
EXPOSE 3141
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3141/simple/', timeout=4)"]
CMD ["python3", "/usr/local/lib/dockyard/mirror_server.py", "3141"]
