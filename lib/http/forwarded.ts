import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * Headers by which a hop in front of the web app tells it about the client: its address (the sign-in rate limit
 * counts by X-Forwarded-For, lib/auth/auth.ts) and how it connected (X-Forwarded-Proto says whether it was HTTPS).
 * Anybody can send them, so only a trusted proxy's are believed.
 */
const CLIENT_CLAIMS = [
  "forwarded",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-ssl",
  "x-real-ip",
  "x-client-ip",
] as const;

/**
 * Makes a request's forwarding headers trustworthy before the app reads them, given TRUSTED_PROXY's ranges.
 *
 * - From a peer that is not a trusted proxy: X-Forwarded-For becomes the peer's own address and the other claims
 *   are dropped (Next.js fills X-Forwarded-Proto/-Host in from the connection itself).
 * - From a trusted proxy: its claims stand, and X-Forwarded-For becomes the one client address, the last hop before
 *   the trusted proxies: the entries left of it were written by the client, who may have made them up.
 */
export function forwardedHeaderNormaliser(trustedRanges: readonly string[]): (req: IncomingMessage) => void {
  const trusted = blockList(trustedRanges);
  return (req) => normaliseForwarded(req.headers, req.socket.remoteAddress, trusted);
}

function normaliseForwarded(headers: IncomingHttpHeaders, peerAddress: string | undefined, trusted: BlockList) {
  const peer = unmapped(peerAddress ?? "");
  if (!isTrustedProxy(peer, trusted)) {
    for (const name of CLIENT_CLAIMS) delete headers[name];
    setForwardedFor(headers, peer);
    return;
  }
  const chain = String(headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((hop) => unmapped(hop.trim()))
    .filter((hop) => hop !== "");
  let client = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    // Not an address: whatever wrote it is not a proxy; the hop after it is the last one we can vouch for.
    if (isIP(hop) === 0) break;
    client = hop;
    if (!isTrustedProxy(hop, trusted)) break;
  }
  setForwardedFor(headers, client);
}

function setForwardedFor(headers: IncomingHttpHeaders, address: string) {
  if (address === "") delete headers["x-forwarded-for"];
  else headers["x-forwarded-for"] = address;
}

function isTrustedProxy(address: string, trusted: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; ranges and rate limits speak plain IPv4. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [network = "", prefix = ""] = range.split("/");
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? "ipv6" : "ipv4");
  }
  return list;
}
