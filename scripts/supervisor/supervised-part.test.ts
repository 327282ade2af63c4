import { describe, expect, it } from "vitest";
import { RestartPolicy } from "./restart-policy";
import { type PartSpec, type RunningPart, SupervisedPart } from "./supervised-part";

/** A part that records what it was asked, and ends when `end` is called (or at once, with `diesAtOnce`). */
function fakePart(opts: { diesAtOnce?: boolean; ignoresStop?: boolean }) {
  const asked: string[] = [];
  let starts = 0;
  const spec: PartSpec = {
    name: "fake",
    title: "the fake part",
    async start(output) {
      starts++;
      output(`start ${starts}`);
      output("", {});
      output("boom: cannot open the thing", { quiet: true });
      let end: (how: string) => void = () => {};
      const exited = new Promise<string>((resolve) => {
        end = resolve;
      });
      if (opts.diesAtOnce) end("code 1");
      const part: RunningPart = {
        pid: 1000 + starts,
        exited,
        requestStop: () => {
          asked.push("stop");
          if (!opts.ignoresStop) end("SIGTERM");
        },
        kill: () => {
          asked.push("kill");
          end("SIGKILL");
        },
      };
      return part;
    },
  };
  return { spec, asked, starts: () => starts };
}

const quickPolicy = () => new RestartPolicy({ restarts: 3, windowMs: 60_000 }, { firstMs: 1, maxMs: 1 });

describe("a supervised part", () => {
  it("is started again each time it dies, then stops the platform naming itself and its last output", async () => {
    const fake = fakePart({ diesAtOnce: true });
    const said: string[] = [];
    const crashLoop = new Promise<string>((resolve) => {
      const part = new SupervisedPart(fake.spec, { say: (l) => said.push(l), crashLoop: resolve }, quickPolicy());
      void part.start();
    });
    const message = await crashLoop;
    expect(fake.starts()).toBe(4);
    expect(message).toMatch(/^the fake part keeps dying \(3 restarts within 60 s, and now it exited \(code 1\)\)/);
    // Its last lines, quiet ones included, blank ones left out.
    expect(message).toContain("  start 4\n  boom: cannot open the thing");
    expect(said).toContain("the fake part is back (pid 1002)");
  });

  it("asks a part to stop, and kills it when it does not within the grace", async () => {
    const polite = fakePart({});
    const part = new SupervisedPart(polite.spec, { say: () => {}, crashLoop: () => {} });
    await part.start();
    await part.stop(1_000);
    expect(polite.asked).toEqual(["stop"]);

    const stubborn = fakePart({ ignoresStop: true });
    const other = new SupervisedPart(stubborn.spec, { say: () => {}, crashLoop: () => {} });
    await other.start();
    await other.stop(10);
    expect(stubborn.asked).toEqual(["stop", "kill"]);
    // Stopped parts are not started again.
    expect(stubborn.starts()).toBe(1);
  });
});
