#!/usr/bin/env bash
# `npm run author`: the live preview for course authors (docs/authoring.md).
source "$(dirname "$0")/common.sh"

ensure_node_modules
ensure_prisma_client
exec node --import tsx scripts/author.ts
