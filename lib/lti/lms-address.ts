import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/*
 * Where Dockyard may send an LMS's token. A launch names the roster and line item URLs, so an LMS (or whoever
 * controls a registered one) could point them at the platform's own machine: PostgreSQL, the grading engine, a cloud
 * metadata address. Every call to an LMS address therefore checks the address it actually connects to, at connect
 * time (the `lookup` the socket itself uses, so a name that resolves differently a moment later changes nothing):
 * loopback, private, link-local, unique-local, shared and unspecified addresses are refused, unless the address's
 * origin is one the admin registered for the LMS (its login, token or keyset URL).
 */

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(net, prefix, net.includes(":") ? "ipv6" : "ipv4");

/** Whether an IP address is one Dockyard never calls on an LMS's word. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is that IPv4 address.
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  return mapped ? PRIVATE.check(mapped, "ipv4") : PRIVATE.check(address, "ipv6");
}

export class PrivateAddressRefused extends Error {
  constructor(readonly address: string) {
    super(`it leads to ${address}, an address inside a private network`);
    this.name = "PrivateAddressRefused";
  }
}

/** A socket lookup that fails for a private address (every address a name resolves to must be public). */
const publicOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, "", 4);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new PrivateAddressRefused(refused.address), "", 4);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The LMS took longer than the call allows: it may be down, or slow under load. */
export class NoAnswerInTime extends Error {
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds} s`);
    this.name = "NoAnswerInTime";
  }
}

export interface LmsRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Origins the admin registered for this LMS: calls there may reach a private address (an LMS on the campus). */
  trustedOrigins: readonly string[];
  /** Answers larger than this are cut off and fail: a roster page or a token never comes near. */
  maxBytes: number;
}

/**
 * One HTTP(S) request to an LMS, as a web Response. Redirects are not followed (a 3xx is the answer), and a literal
 * private IP in the URL is refused before any connection, as a name that resolves to one is at connect time.
 */
export function lmsRequest(url: string, request: LmsRequest): Promise<Response> {
  const target = new URL(url);
  const trusted = request.trustedOrigins.includes(target.origin);
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (!trusted && isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new PrivateAddressRefused(literal));
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: request.method ?? "GET",
        headers: request.headers,
        timeout: request.timeoutMs,
        ...(trusted ? {} : { lookup: publicOnly }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes) req.destroy(new Error(`the answer is over ${request.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
          }
          const status = res.statusCode ?? 502;
          const body = [101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new NoAnswerInTime(request.timeoutMs / 1000)));
    req.on("error", reject);
    req.end(request.body);
  });
}
