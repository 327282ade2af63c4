#!/usr/bin/env bash
# Offline-safe `prisma generate`: the prisma-client generator needs no engine
# binary (queries go through @prisma/adapter-pg), but the CLI insists that a
# schema engine path exists, so point it at a harmless file instead of letting
# it try to download one.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate "$@"
