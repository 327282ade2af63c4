import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { HTTP_PROBE_SCRIPT } from "../run/http-probe-script";
import { CHECKER_USER_AGENT } from "./lab-probe";

describe("the lab checker's requests", () => {
  it("name the checker in a header, and ask for the very path a learner's server matches", async () => {
    const seen: { url?: string; agent?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, agent: req.headers["user-agent"] });
      res.end(req.url === "/health" ? "ok" : "unknown");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // As labHttpGet runs it inside the lab: the one-shot form, the User-Agent as its fifth argument.
      const { stdout } = await promisify(execFile)("python3", [
        "-c",
        HTTP_PROBE_SCRIPT,
        `http://127.0.0.1:${port}/health`,
        "GET",
        "",
        "3",
        CHECKER_USER_AGENT,
      ]);
      expect(JSON.parse(stdout)).toMatchObject({ status: 200, body: "ok" });
      expect(seen).toEqual([{ url: "/health", agent: "dockyard-lab-checker" }]);
    } finally {
      server.close();
    }
  });
});
