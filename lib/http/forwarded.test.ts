import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../config/env";
import { forwardedHeaderNormaliser } from "./forwarded";

/**
 * A real HTTP server on 127.0.0.1 that answers with the headers the app would see after the normaliser, once
 * configured to trust no proxy and once to trust loopback (so the test's own connection is "the proxy").
 */
async function echoServer(trustedProxy: string): Promise<{ server: Server; port: number }> {
  const normalise = forwardedHeaderNormaliser(parseEnv({ TRUSTED_PROXY: trustedProxy }).TRUSTED_PROXY);
  const server = createServer((req, res) => {
    normalise(req);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function seenHeaders(port: number, headers: Record<string, string>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve(JSON.parse(body)));
    });
    req.on("error", reject);
    req.end();
  });
}

const FORGED = {
  "x-forwarded-for": "203.0.113.7",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "dockyard.example.org",
  "x-forwarded-port": "443",
  "x-real-ip": "203.0.113.8",
  forwarded: "for=203.0.113.9;proto=https",
};

let untrusting: { server: Server; port: number };
let behindProxy: { server: Server; port: number };

beforeAll(async () => {
  untrusting = await echoServer("");
  behindProxy = await echoServer("loopback");
});

afterAll(() => {
  untrusting?.server.close();
  behindProxy?.server.close();
});

describe("forwarded headers from a peer that is not a trusted proxy", () => {
  it("replace X-Forwarded-For with the peer's address and drop claims of HTTPS, host and addresses", async () => {
    const seen = await seenHeaders(untrusting.port, FORGED);
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"]) {
      expect(seen[name], name).toBeUndefined();
    }
  });

  it("give a client that sent none the address it connected from", async () => {
    expect((await seenHeaders(untrusting.port, {}))["x-forwarded-for"]).toBe("127.0.0.1");
  });
});

describe("forwarded headers from a trusted proxy", () => {
  it("are believed: the client's address, the scheme and the host it reached", async () => {
    const seen = await seenHeaders(behindProxy.port, {
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "dockyard.example.org",
    });
    expect(seen).toMatchObject({
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "dockyard.example.org",
    });
  });

  it("keep only the last hop before the trusted proxies: a client cannot prepend an address it likes", async () => {
    // The client sent "198.51.100.1"; a proxy that appends added the client's real address, then a second
    // trusted hop (loopback) its own.
    const seen = await seenHeaders(behindProxy.port, { "x-forwarded-for": "198.51.100.1, 203.0.113.7, 127.0.0.2" });
    expect(seen["x-forwarded-for"]).toBe("203.0.113.7");
  });

  it("stop at an entry that is no address, and fall back to the proxy's own address without one", async () => {
    expect((await seenHeaders(behindProxy.port, { "x-forwarded-for": "<script>, 127.0.0.3" }))["x-forwarded-for"]).toBe(
      "127.0.0.3",
    );
    expect((await seenHeaders(behindProxy.port, {}))["x-forwarded-for"]).toBe("127.0.0.1");
  });
});
