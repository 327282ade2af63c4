const LOCAL = new Set(["127.0.0.1", "::1", "[::1]"]);

type PortBindings = Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined;

/** Bindings of one container that listen beyond this machine ("0.0.0.0:8000->8000/tcp"); none when all are local. */
export function openBindings(bindings: PortBindings): string[] {
  const open: string[] = [];
  for (const [port, list] of Object.entries(bindings ?? {}))
    for (const b of list ?? [])
      if (!LOCAL.has(b.HostIp ?? "")) open.push(`${b.HostIp || "0.0.0.0"}:${b.HostPort || "(any)"}->${port}`);
  return open;
}

/**
 * Ports of a service (as `docker compose config` normalised them) published on one fixed host port: a second
 * replica of the service cannot bind it. A range ("8000-8002") or no host port lets each replica have its own.
 */
export function fixedHostPorts(service: unknown): { index: number; published: string }[] {
  const ports = (service as { ports?: unknown } | null)?.ports;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((p, index) => {
    const published = String((p as { published?: unknown } | null)?.published ?? "");
    return /^\d+$/.test(published) ? [{ index, published }] : [];
  });
}
