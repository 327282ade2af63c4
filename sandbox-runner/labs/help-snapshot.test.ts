import { describe, expect, it } from "vitest";
import { engineSnapshotSchema } from "../../lib/help/engine-snapshot";
import { engineSnapshotOf } from "./help-snapshot";
import { containerFacts, labState } from "./verify/testing/lab-state-fixtures";

const at = new Date("2026-11-27T02:00:00Z");

describe("engineSnapshotOf", () => {
  it("names each container with its image, standing and ports, and lists images, volumes and networks sorted", () => {
    const snapshot = engineSnapshotOf(
      labState({
        containers: [
          containerFacts({ name: "web", image: "python:3.11-slim", status: "exited", exitCode: 1 }),
          containerFacts({
            name: "registry",
            image: "registry:2",
            status: "running",
            publishes: [{ port: 5000, hostIp: "127.0.0.1", hostPort: 5000 }],
            networks: ["bridge"],
          }),
        ],
        images: ["registry:2", "localhost:5000/churn-api:1.0", "python:3.11-slim"],
        volumes: ["models"],
        networks: [
          { name: "ml-net", internal: false },
          { name: "bridge", internal: false },
        ],
      }),
      at,
    );
    expect(engineSnapshotSchema.parse(snapshot)).toEqual({
      kind: "read",
      readAt: "2026-11-27T02:00:00.000Z",
      containers: [
        {
          name: "registry",
          image: "registry:2",
          status: "running",
          exitCode: 0,
          ports: ["127.0.0.1:5000->5000"],
          networks: ["bridge"],
        },
        // The fixture's default network.
        { name: "web", image: "python:3.11-slim", status: "exited", exitCode: 1, ports: [], networks: ["bridge"] },
      ],
      images: ["localhost:5000/churn-api:1.0", "python:3.11-slim", "registry:2"],
      volumes: ["models"],
      networks: ["bridge", "ml-net"],
      truncated: false,
    });
  });

  it("caps a list past 200 and says it did", () => {
    const images = Array.from({ length: 250 }, (_, i) => `img-${String(i).padStart(3, "0")}:1`);
    const snapshot = engineSnapshotOf(labState({ images }), at);
    expect(snapshot.kind === "read" && [snapshot.images.length, snapshot.truncated]).toEqual([200, true]);
  });
});
