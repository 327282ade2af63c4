import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContextFile } from "../docker/build-context";
import type { BuildNetwork } from "../docker/build-network";
import { ignoreNotFound } from "../docker/docker-error";
import { engineClient } from "../docker/engine";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../owner-labels";
import { buildOnMirror } from "../testing/build-test-image";
import { execExitCode } from "./exec-exit-code";
import { mirrorProjectVersions } from "./mirror-project-versions";
import { ensurePackageMirror } from "./package-mirror";
import { ensureBaseImages } from "./seed-base-images";

// The proof the issue asks for: a learner's plain `pip install -r
// requirements.txt` works in a BuildKit build that reaches the package mirror, and the
// result serves a scikit-learn model over FastAPI with no network at all.
const SUBMISSION = `test-build-on-mirror-${process.pid}`;
const LABELS = { [LABEL_SUBMISSION]: SUBMISSION, [LABEL_MANAGED]: "true" };
const docker = engineClient();

const APP = `from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

X, y = make_classification(n_samples=200, n_features=4, n_informative=3, n_redundant=0, random_state=0)
model = LogisticRegression().fit(X, y)
app = FastAPI()


class Features(BaseModel):
    values: list[float]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(features: Features):
    return {"prediction": int(model.predict([features.values])[0])}
`;

const DOCKERFILE = `FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 10001
EXPOSE 8000
CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
`;

// Waits for the server, then asks both endpoints; prints one JSON line.
const PROBE = `import json, time, urllib.request
for _ in range(60):
    try:
        health = urllib.request.urlopen("http://127.0.0.1:8000/health", timeout=2)
        break
    except OSError:
        time.sleep(0.5)
body = json.dumps({"values": [0.5, -1.0, 2.0, 0.1]}).encode()
request = urllib.request.Request("http://127.0.0.1:8000/predict", data=body, headers={"Content-Type": "application/json"})
predict = urllib.request.urlopen(request, timeout=5)
print(json.dumps({"health": [health.status, json.load(health)], "predict": [predict.status, json.load(predict)]}))
`;

interface BuildResult {
  ok: boolean;
  output: string;
  elapsedMs: number;
}

const tags: string[] = [];

let network: BuildNetwork;

/** The grader's own build path: BuildKit through buildx, on the network where only the mirror answers. */
async function build(tag: string, files: ContextFile[]): Promise<BuildResult> {
  tags.push(tag);
  const started = Date.now();
  const built = await buildOnMirror(SUBMISSION, tag, files, network);
  return { ...built, elapsedMs: Date.now() - started };
}

afterAll(async () => {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] },
  });
  await Promise.all(containers.map((c) => ignoreNotFound(docker.getContainer(c.Id).remove({ force: true }))));
  for (const tag of tags) await ignoreNotFound(docker.getImage(tag).remove({ force: true }));
  const images = await docker.listImages({ all: true, filters: { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] } });
  for (const image of images) await ignoreNotFound(docker.getImage(image.Id).remove({ force: true }));
});

describe("builds that reach the package mirror", () => {
  beforeAll(async () => {
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
    network = await ensurePackageMirror(docker);
  }, 900_000);

  it("installs pinned fastapi, uvicorn and scikit-learn from the mirror and " +
    "serves a model with no network", async () => {
    const pins = await Promise.all(
      ["fastapi", "uvicorn", "scikit-learn"].map(async (p) => `${p}==${(await mirrorProjectVersions(docker, p))[0]}`),
    );
    const tag = `dockyard-test/build-on-mirror:${process.pid}`;
    const result = await build(tag, [
      { path: "Dockerfile", content: DOCKERFILE },
      { path: "requirements.txt", content: `${pins.join("\n")}\n` },
      { path: "app.py", content: APP },
    ]);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/Looking in indexes: http:\/\/pypi-mirror:3141\/simple\//);
    expect(result.output).toMatch(/Successfully installed .*scikit-learn-1\./);

    const container = await docker.createContainer({
      Image: tag,
      Labels: LABELS,
      HostConfig: { NetworkMode: "none", CapDrop: ["ALL"], SecurityOpt: ["no-new-privileges"] },
    });
    await container.start();
    const probe = await execExitCode(container, ["python3", "-c", PROBE], 60_000);
    expect(probe.exitCode, probe.output).toBe(0);
    const answer = JSON.parse(probe.output.trim().split("\n").pop() ?? "{}") as {
      health: [number, unknown];
      predict: [number, { prediction: unknown }];
    };
    expect(answer.health).toEqual([200, { status: "ok" }]);
    expect(answer.predict[0]).toBe(200);
    expect([0, 1]).toContain(answer.predict[1].prediction);
  }, 300_000);

  it("fails a build step that tries to reach the internet, quickly", async () => {
    const result = await build(`dockyard-test/build-no-internet:${process.pid}`, [
      {
        path: "Dockerfile",
        content:
          `FROM python:3.11-slim\nRUN python3 -c "import urllib.request; ` +
          `urllib.request.urlopen('http://deb.debian.org', timeout=5)"\n`,
      },
    ]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/urlopen error/);
    expect(result.output).toMatch(/did not complete successfully: exit code: 1/);
    expect(result.elapsedMs).toBeLessThan(30_000);
  }, 60_000);
});
