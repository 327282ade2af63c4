import { describe, expect, it } from "vitest";
import { flagValue, parseDockerfile } from "../../lib/dockerfile/model";
import type { HistoryFacts } from "./image-facts";
import { locateLayers as locate } from "./locate-layers";

const locateLayers = (history: HistoryFacts[], dockerfile: string) => locate(history, parseDockerfile(dockerfile));

const entry = (createdBy: string, layerIndex?: number, isBase = false): HistoryFacts => ({
  createdBy,
  rawCreatedBy: createdBy,
  emptyLayer: layerIndex === undefined,
  isBase,
  layerIndex,
});

const DOCKERFILE = `ARG PY=3.11
FROM python:3.11-slim AS build
RUN pip wheel -w /w numpy

FROM python:3.11-slim AS final
ENV A=1
WORKDIR /app
COPY --from=build /w /w
COPY . .
RUN pip install /w/*
CMD ["python", "app.py"]
`;

describe("locateLayers", () => {
  it(
    "matches the final stage's instructions to learner history from the end, " +
      "skipping what the Dockerfile does not explain",
    () => {
      const history = [
        entry("", 0, true),
        entry("RUN base stuff", 1, true),
        entry("ONBUILD-triggered RUN echo hi", 2),
        entry("ENV A=1"),
        entry("WORKDIR /app", 3),
        entry("COPY dir:abc in /w", 4),
        entry("COPY dir:def in .", 5),
        entry("RUN pip install /w/*", 6),
        entry('CMD ["python" "app.py"]'),
        entry("LABEL dockyard.submission=x"),
        entry("LABEL dockyard.managed=true"),
      ];
      const sources = locateLayers(history, DOCKERFILE);
      expect([...sources].map(([layer, s]) => [layer, s.line, s.keyword, flagValue(s, "from")])).toEqual([
        [6, 10, "RUN", undefined],
        [5, 9, "COPY", undefined],
        [4, 8, "COPY", "build"],
        [3, 7, "WORKDIR", undefined],
      ]);
    },
  );

  it("includes the stages a final stage builds FROM", () => {
    const dockerfile = "FROM debian:bookworm-slim AS deps\nRUN echo deps\nFROM deps\nRUN echo app\n";
    const sources = locateLayers([entry("", 0, true), entry("RUN echo deps", 1), entry("RUN echo app", 2)], dockerfile);
    expect(sources.get(1)?.line).toBe(2);
    expect(sources.get(2)?.line).toBe(4);
  });
});
