import { describe, expect, it } from "vitest";
import { fixedHostPorts, openBindings } from "./stack-ports";

describe("openBindings", () => {
  it("lists bindings on every interface and passes loopback ones", () => {
    expect(
      openBindings({
        "8000/tcp": [{ HostIp: "127.0.0.1", HostPort: "8000" }],
        "6379/tcp": [{ HostIp: "", HostPort: "6379" }],
        "5000/tcp": [{ HostIp: "::1", HostPort: "5000" }],
      }),
    ).toEqual(["0.0.0.0:6379->6379/tcp"]);
    expect(openBindings(null)).toEqual([]);
  });
});

describe("fixedHostPorts", () => {
  it("finds one fixed host port, not a range or a port Docker picks", () => {
    const service = {
      ports: [
        { target: 8000, published: "8000", host_ip: "127.0.0.1" },
        { target: 8001, published: "8001-8003" },
        { target: 8002 },
      ],
    };
    expect(fixedHostPorts(service)).toEqual([{ index: 0, published: "8000" }]);
    expect(fixedHostPorts(undefined)).toEqual([]);
  });
});
