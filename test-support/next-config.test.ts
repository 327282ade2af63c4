import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { SUBMISSION_LIMITS } from "../lib/file-sets/limits";
import { SESSION_REQUEST_MAX_BYTES } from "../lib/sessions/send-session-input";

// Loaded as Next.js loads it: the config is plain JavaScript, outside the type-checked project.
const configUrl = pathToFileURL(path.resolve(import.meta.dirname, "../next.config.mjs")).href;

describe("next.config.mjs", () => {
  it("lets the proxy pass on every body a route accepts whole, and one byte more to refuse by size", async () => {
    const { default: config } = (await import(configUrl)) as { default: NextConfig };
    const largest = Math.max(SUBMISSION_LIMITS.maxRequestBytes, SESSION_REQUEST_MAX_BYTES);
    expect(config.experimental?.proxyClientMaxBodySize).toBe(largest + 1);
  });
});
