import { describe, expect, it } from "vitest";
import { isPrivateAddress, lmsRequest, PrivateAddressRefused } from "./lms-address";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "not an address",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"])("allows %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("lmsRequest", () => {
  const request = { timeoutMs: 1000, maxBytes: 1024, trustedOrigins: [] };
  it("refuses a private literal before connecting, and a name that resolves to one when connecting", async () => {
    await expect(lmsRequest("http://169.254.169.254/latest/meta-data", request)).rejects.toBeInstanceOf(
      PrivateAddressRefused,
    );
    await expect(lmsRequest("http://localhost:9/", request)).rejects.toBeInstanceOf(PrivateAddressRefused);
  });
});
