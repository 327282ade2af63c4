import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { queueNote } from "@/components/sessions/queue-note";
import { previewText } from "./lab-preview";
import { LabTaskStrip, LabTasks } from "./lab-tasks";
import { LabWorkspace } from "./lab-workspace";

const tasks = [
  {
    id: "create-network",
    title: "Create a network of your own",
    goal: "Create a network called `ml-net`.",
    lesson: { href: "/lessons/container-networking#names", title: "Container networking" },
  },
  { id: "run-api", title: "Start the API", goal: "Start it <b>now</b>.", lesson: null },
];

describe("queueNote", () => {
  it("says how many sessions of the kind start before this one", () => {
    expect(queueNote("lab", undefined)).toBeUndefined();
    expect(queueNote("lab", 1)).toBe("Yours is next.");
    expect(queueNote("lab", 2)).toBe("Waiting for 1 lab ahead of yours.");
    expect(queueNote("shell", 3)).toBe("Waiting for 2 shells ahead of yours.");
  });
  it("adds the host's estimate where it has one", () => {
    expect(queueNote("lab", 1, 12)).toBe("Yours is next, about 12 s.");
    expect(queueNote("lab", 4, 125)).toBe("Waiting for 3 labs ahead of yours, about 2 min 5 s.");
  });
});

describe("previewText", () => {
  const asked = { requestId: "r", port: 8080, path: "/health" };
  it("prints a status line and the body, as text", () => {
    expect(previewText({ ...asked, status: 200, body: "<h1>ok</h1>", error: null })).toBe(
      "HTTP 200 from 127.0.0.1:8080/health\n\n<h1>ok</h1>",
    );
  });
  it("says what went wrong when nothing answered", () => {
    expect(previewText({ ...asked, status: null, body: "", error: "connection refused" })).toBe(
      "Nothing answered at 127.0.0.1:8080/health: connection refused.",
    );
  });
});

describe("LabTasks", () => {
  it("ticks the tasks done in any session, and shows what the lab found and the hint for the others", () => {
    const html = renderToStaticMarkup(
      <LabTasks
        tasks={tasks}
        doneEver={new Set(["create-network"])}
        standing={{ "run-api": { id: "run-api", done: false, found: "no container api", hint: "docker run -d" } }}
      />,
    );
    expect(html).toContain('data-task="create-network" data-done="true"');
    expect(html).toContain("Done ✓");
    expect(html).toContain('<a class="underline" href="/lessons/container-networking#names">Container networking</a>');
    expect(html).toContain("no container api");
    expect(html).toContain("docker run -d");
    expect(html).toContain("1 of 2 done.");
    // A goal's markup is text.
    expect(html).toContain("&lt;b&gt;now&lt;/b&gt;");
  });

  it("shows no evidence or hint for a done task, whatever the lab shows now", () => {
    const html = renderToStaticMarkup(
      <LabTasks
        tasks={tasks}
        doneEver={new Set(["create-network"])}
        standing={{
          // The learner went on and removed the network: a stale standing from before the task was done.
          "create-network": { id: "create-network", done: false, found: "no network", hint: "docker network create" },
        }}
      />,
    );
    expect(html).not.toContain("lab-task-evidence");
    expect(html).not.toContain("docker network create");
  });
});

describe("LabTaskStrip", () => {
  it("links each task by its number, green once done, with its title and standing for a screen reader", () => {
    const html = renderToStaticMarkup(<LabTaskStrip tasks={tasks} doneEver={new Set(["run-api"])} />);
    expect(html).toContain('aria-label="Tasks at a glance"');
    expect(html).toMatch(/href="#task-create-network" title="Create a network of your own" data-done="false"/);
    expect(html).toMatch(/href="#task-run-api" title="Start the API" data-done="true"/);
    expect(html).toContain('<span class="sr-only">. Start the API: done</span>');
    expect(html).toContain("1 of 2 done");
    // The full list's tasks carry the ids the strip (and search) link to.
    expect(renderToStaticMarkup(<LabTasks tasks={tasks} doneEver={new Set()} standing={{}} />)).toContain(
      'id="task-run-api"',
    );
  });
});

describe("LabWorkspace", () => {
  it("signed out, offers a sign-in link back to the lab instead of a start button", () => {
    const html = renderToStaticMarkup(
      <LabWorkspace slug="net" tasks={tasks} signedIn={false} live={null} elsewhere={null} tasksDone={[]} />,
    );
    expect(html).toContain('href="/sign-in?next=/labs/net"');
    expect(html).not.toContain("start-lab");
    expect(html).not.toContain("lab-preview");
  });

  it("signed in with another lab live, names it before the start button", () => {
    const html = renderToStaticMarkup(
      <LabWorkspace
        slug="net"
        tasks={tasks}
        signedIn
        live={null}
        elsewhere={{ slug: "keep-model-files", title: "Keep model files", status: "open" }}
        tasksDone={[]}
      />,
    );
    expect(html).toContain('href="/labs/keep-model-files"');
    expect(html).toContain("is still open");
    expect(html).toContain('data-testid="start-lab"');
  });
});
