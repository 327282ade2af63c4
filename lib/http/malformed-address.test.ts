import { describe, expect, it } from "vitest";
import { malformedAddress } from "./malformed-address";

describe("malformedAddress", () => {
  it("lets well-formed addresses through, encoded text and odd-but-decodable ones included", () => {
    for (const target of [
      "/",
      "/exercises/first-image?from=draft",
      "/lessons/%E0%A4%A8",
      "/search?q=%F0%9F%90%B3",
      "/search?q=%ZZ",
      "/api/sessions/a%2Fb",
      "http://localhost:3000/api/me",
    ]) {
      expect(malformedAddress(target), target).toBeUndefined();
    }
  });

  it("refuses a path whose escapes do not decode: a page with text, an API with its JSON error", () => {
    const page = malformedAddress("/exercises/%E0%A4%A");
    expect(page?.status).toBe(400);
    expect(page?.headers["Content-Type"]).toBe("text/plain; charset=utf-8");
    expect(page?.body).toBe(
      'The address /exercises/%E0%A4%A has "%E0%A4%A", whose %-escapes do not spell UTF-8 text, so no page can ' +
        "answer it. Check the link, or type the address again.\n",
    );
    const api = malformedAddress("/api/exercises/%ZZ/attempts");
    expect(api?.status).toBe(400);
    expect(api?.headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(api!.body)).toEqual({
      error: { code: "BAD_REQUEST", message: expect.stringContaining('has "%ZZ", whose %-escapes do not spell') },
    });
    for (const target of ["/lessons/%ZZ", "/lessons/100%", "/a/%ED%A0%80", "/a/%C0%80", "/%FF"]) {
      expect(malformedAddress(target)?.status, target).toBe(400);
    }
  });

  it("refuses control characters in the path and a NUL in the query", () => {
    expect(malformedAddress("/api/sessions/%00")?.body).toContain("a control character (U+0000)");
    expect(malformedAddress("/exercises/a%0Ab")?.body).toContain("a control character (U+000A)");
    expect(malformedAddress("/search?q=a%00b")?.body).toContain("a NUL character (%00) in its query");
  });

  it("cuts a very long address short in its message", () => {
    const refusal = malformedAddress(`/lessons/${"a".repeat(5000)}%ZZ`);
    expect(refusal!.body.length).toBeLessThan(5000);
  });

  it("refuses a request target that is no URL at all", () => {
    expect(malformedAddress("http://[oops/")?.status).toBe(400);
  });
});
