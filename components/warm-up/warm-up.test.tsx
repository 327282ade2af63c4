import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { WarmUp } from "@/lib/platform/warm-up";
import { RunnersTable } from "../instructor/dashboard/runners-table";
import { WarmUpPanel } from "../instructor/dashboard/warm-up-panel";
import { WarmUpNotice } from "./warm-up-notice";

const warming: WarmUp = {
  warming: true,
  parts: {
    baseImages: { state: "warming", detail: "dockyard/pgvector:0.8.0-pg17-trixie: docker import", seconds: 95 },
    labHost: { state: "ready", detail: null, seconds: 20 },
  },
};
const ready: WarmUp = {
  warming: false,
  parts: {
    baseImages: { state: "ready", detail: null, seconds: 3 },
    labHost: { state: "off", detail: "RUNNER_LABS=off", seconds: 3 },
  },
};

describe("the warm-up notice on an exercise or lab page", () => {
  it("tells the learner their work is queued while the images are prepared", () => {
    const html = renderToStaticMarkup(<WarmUpNotice kind="exercise" initial={warming} />);
    expect(html).toContain('data-testid="warm-up-notice"');
    expect(html).toContain('role="status"');
    expect(html).toContain("your submission is queued and will be graded when they are ready");
  });

  it("is not there once nothing waits", () => {
    expect(renderToStaticMarkup(<WarmUpNotice kind="lab" initial={ready} />)).toBe("");
  });
});

describe("the dashboard's warm-up", () => {
  it("shows each part with its state, step and time, and says that pages already serve", () => {
    const html = renderToStaticMarkup(<WarmUpPanel warmUp={warming} />);
    expect(html).toContain('data-part="baseImages" data-state="warming"');
    expect(html).toContain("dockyard/pgvector:0.8.0-pg17-trixie: docker import");
    expect(html).toContain("2 min");
    expect(html).toContain('data-part="labHost" data-state="ready"');
    expect(html).toContain("Pages already serve");
  });

  it("says when preparing the images failed, and when nothing was recorded at all", () => {
    const failed: WarmUp = {
      warming: false,
      parts: { baseImages: { state: "failed", detail: "pgvector-debootstrap failed", seconds: 1 } },
    };
    expect(renderToStaticMarkup(<WarmUpPanel warmUp={failed} />)).toContain("Preparing the images failed");
    expect(renderToStaticMarkup(<WarmUpPanel warmUp={ready} />)).toContain("Everything npm start prepares is ready");
    expect(renderToStaticMarkup(<WarmUpPanel warmUp={{ warming: false, parts: {} }} />)).toContain("Nothing recorded");
  });

  it("explains a missing runner by the warm-up while the images are prepared", () => {
    expect(renderToStaticMarkup(<RunnersTable runners={[]} warming />)).toContain(
      "starts one once the images are ready",
    );
    expect(renderToStaticMarkup(<RunnersTable runners={[]} />)).toContain("npm run runner");
  });
});
