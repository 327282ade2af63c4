import { describe, expect, it } from "vitest";
import { logText } from "./container-logs";

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("logText", () => {
  it("keeps the payloads of stdout and stderr frames, in order, without their headers", () => {
    const text = logText(Buffer.concat([frame(1, "ready\n"), frame(2, "warning: slow\n"), frame(1, "done\n")]));
    expect(text).toBe("ready\nwarning: slow\ndone\n");
  });

  it("returns a TTY container's plain stream as it is", () => {
    expect(logText(Buffer.from("plain output\n"))).toBe("plain output\n");
  });
});
